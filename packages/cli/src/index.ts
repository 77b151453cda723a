export { startPlatform } from './start';
export type { StartOptions, RunningPlatform } from './start';
