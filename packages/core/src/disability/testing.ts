/** The disability line's test fixtures, for other packages' tests (`@social-affairs/core/disability/testing`). */
export * from './disability.fixtures';
export * from './payments.fixtures';
