export {
  DEMO_PASSWORD,
  DEMO_SCOPES,
  SEED_SIZES,
  demoAccounts,
  generateDemoPeople,
  seedDemoData,
} from './demo-seed';
export type { DemoAccount, SeedResult, SeedSize } from './demo-seed';
export { demoContextAt, demoInstant, monthsBefore } from './demo-time';
