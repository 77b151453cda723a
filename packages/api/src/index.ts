export { buildApp, loggerOptions } from './app';
export type { AppOptions } from './app';
export { loadServerConfig, DEFAULT_DATABASE_URL } from './config';
export type { ServerConfig } from './config';
export { SESSION_COOKIE } from './access';
export type { RouteAccess, RouteInfo } from './access';
export { maskPersonalData } from './redact';
