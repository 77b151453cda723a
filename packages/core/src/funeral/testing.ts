/** The funeral line's test fixtures, for other packages' tests (`@social-affairs/core/funeral/testing`). */
export * from './funeral.fixtures';
export * from './custody.fixtures';
