/** The rescue line's test fixtures, for other packages' tests (`@social-affairs/core/rescue/testing`). */
export * from './rescue.fixtures';
