import type { ComponentType } from 'react';

/**
 * A section of the application page (/disability/applications/:id): one per concern — 申请与时限
 * (applications: the applicant, materials, the R-DIS-06 countdowns, forwarding, notification), 审核
 * (review: the chain, eligibility found in the registries, decision and notice), 发放 (payments: the
 * account and what was paid). `onChanged` lets a section tell the others the application changed.
 */
export interface ApplicationSectionProps {
  applicationId: string;
  /** Increments whenever any section changed the application: sections reload on it. */
  revision: number;
  onChanged(): void;
}

export interface ApplicationSection {
  key: string;
  title: string;
  component: ComponentType<ApplicationSectionProps>;
}
