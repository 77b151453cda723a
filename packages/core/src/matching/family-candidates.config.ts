import { z } from 'zod';
import type { CoreContext } from '../context';

/**
 * The matching line's configuration (`lines.matching`): the three-way family-search candidates'
 * refresher (ADR 0023) and when the server loads the family-search index (ADR 0040). Scores are the
 * engine's points (packages/linkage, search/family-index.ts: a hanzi-exact name alone is 12; region, age,
 * sex and shared features add to it).
 */
export interface MatchingConfig {
  /** How many candidates of the other kinds each record keeps from one search (top-k). */
  familyCandidateTopK: number;
  /** Below this score a hit compared by name is not stored as a candidate. */
  familyCandidateMinScore: number;
  /**
   * The same for a hit without a name comparison (either record unnamed — most bodies, many rescued
   * people): its score is only age (≤ 0), region (≤ ~3) and shared features (≤ 8), so it needs a lower
   * bar — 2 asks for the same county or prefecture at a consistent age, or shared features. Uncalibrated.
   */
  familyCandidateMinScoreUnnamed: number;
  /** At or above this score a candidate is in the `strong` band (listed first on the review tab). */
  familyCandidateStrongScore: number;
  /** How often the refresher follows the feed while the server is up, in minutes. */
  familyCandidateRefreshMinutes: number;
  /**
   * Load the family-search index when the server starts (in the background, in slices), so the first
   * search after a restart does not wait for it. false: the first search (or the candidates' refresher)
   * loads it, as any later change is applied.
   */
  familySearchIndexAtStart: boolean;
}

export const defaultMatchingConfig: MatchingConfig = {
  familyCandidateTopK: 10,
  familyCandidateMinScore: 8,
  familyCandidateMinScoreUnnamed: 2,
  familyCandidateStrongScore: 16,
  familyCandidateRefreshMinutes: 5,
  familySearchIndexAtStart: true,
};

export const matchingConfigSchema: z.ZodType<MatchingConfig> = z
  .object({
    familyCandidateTopK: z.number().int().min(1).max(100),
    familyCandidateMinScore: z.number().min(0).max(100),
    familyCandidateMinScoreUnnamed: z.number().min(-20).max(100),
    familyCandidateStrongScore: z.number().min(0).max(100),
    familyCandidateRefreshMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    familySearchIndexAtStart: z.boolean(),
  })
  .strict();

export function matchingConfig(ctx: CoreContext): MatchingConfig {
  return (ctx.config.lines.matching as MatchingConfig | undefined) ?? defaultMatchingConfig;
}
