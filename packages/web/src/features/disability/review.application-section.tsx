import type { ApplicationSection } from './application-sections';
import { ReviewSection } from './review-section';

/** Tabs of the application page contributed by the review concern (edited only by that concern). */
export const reviewApplicationSections: ApplicationSection[] = [
  { key: 'review', title: '审核', component: ReviewSection },
];
