export * from './errors';
export * from './plain-date';
export * from './money';
export * from './person-name';
export * from './address-codes';
export * from './resident-id';
export * from './divisions';
export * from './holiday-calendar';
