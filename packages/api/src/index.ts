export { buildApp, loggerOptions } from './app';
export type { AppOptions } from './app';
export {
  loadServerConfig,
  loadConfigFile,
  loadServerKey,
  defaultKeyFile,
  DEFAULT_CONFIG_FILE,
  DEFAULT_DATABASE_URL,
  DEFAULT_KEY_FILE,
} from './config';
export type { ServerConfig } from './config';
export { SESSION_COOKIE, actorOf } from './access';
export type { RouteAccess, RouteInfo } from './access';
export { maskPersonalData } from './redact';
export { serverLines, serverManifests } from './lines';
export type { ServerLine, RouteSamples } from './server-line';
