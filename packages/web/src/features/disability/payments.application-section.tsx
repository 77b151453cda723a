import type { ApplicationSection } from './application-sections';
import { PaymentsSection } from './payments-section';

/** Tabs of the application page contributed by the payments concern (edited only by that concern). */
export const paymentsApplicationSections: ApplicationSection[] = [
  { key: 'payments', title: '发放', component: PaymentsSection },
];
