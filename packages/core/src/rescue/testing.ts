/** The rescue line's test fixtures, for other packages' tests (`@social-affairs/core/rescue/testing`). */
export * from './rescue.fixtures';
export * from './stay.fixtures';
export * from './departure.fixtures';
export * from './governance.fixtures';
