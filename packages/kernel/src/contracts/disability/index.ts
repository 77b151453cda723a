export * from './certificates';
export * from './applications';
export * from './review';
export * from './roster';
export * from './payments';
export * from './verification';
export * from './outreach';
export * from './rehab';
