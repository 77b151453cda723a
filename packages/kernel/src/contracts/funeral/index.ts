export * from './facilities';
export * from './custody';
export * from './certificates';
export * from './deaths';
export * from './billing';
export * from './cemeteries';
export * from './qingming';
export * from './statistics';
