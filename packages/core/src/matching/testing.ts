/** The matching line's test fixtures, for other packages' tests (`@social-affairs/core/matching/testing`). */
export * from './matching.fixtures';
