export * from './common';
export * from './auth';
export * from './people';
export * from './stats';
export * from './audit';
export * from './line-views';
export * from './marriage';
export * from './matching';
