import type { ComponentType } from 'react';
import type { RescueCaseViewDto } from './intake.api';

/**
 * A section of the case page (/rescue/cases/:id): one per concern, in this order — 基本信息与物品 (intake),
 * 照料与托养 (stay), 七个规定动作 (actions), 离站与安置 (departure). Each concern's component fetches what it
 * shows and offers its actions; `onChanged` lets a section tell the others the case changed.
 */
export interface CaseSectionProps {
  caseId: string;
  /**
   * The case as the page read it (one audited read per page view and revision); a section showing the
   * case's own facts uses it instead of reading the case again.
   */
  view?: RescueCaseViewDto;
  /** Increments whenever any section changed the case: sections reload on it. */
  revision: number;
  onChanged(): void;
}

export interface CaseSection {
  key: string;
  title: string;
  component: ComponentType<CaseSectionProps>;
}
