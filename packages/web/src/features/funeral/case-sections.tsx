import type { ComponentType } from 'react';

/**
 * A section of the case page (/funeral/cases/:id): one per concern — 接运与保管 (custody, with the
 * documents and gates), 火化证明与外运 (certificates), 身份与认领 (deaths), 收费 (billing). Each concern's
 * component fetches what it shows and offers its actions; `onChanged` lets a section tell the others the
 * case changed.
 */
export interface FuneralCaseSectionProps {
  caseId: string;
  /** Increments whenever any section changed the case: sections reload on it. */
  revision: number;
  onChanged(): void;
}

export interface FuneralCaseSection {
  key: string;
  title: string;
  component: ComponentType<FuneralCaseSectionProps>;
}
