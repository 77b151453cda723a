export * from './errors';
export * from './plain-date';
export * from './money';
export * from './person-name';
