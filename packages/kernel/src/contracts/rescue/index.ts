export * from './actions';
export * from './intake';
export * from './warnings';
export * from './statistics';
export * from './hotline';
export * from './departure';
export * from './stations';
export * from './stay';
