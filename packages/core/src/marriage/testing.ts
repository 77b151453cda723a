/** The marriage line's test fixtures, for other packages' tests (`@social-affairs/core/marriage/testing`). */
export * from './marriage.fixtures';
