/** Server configuration from the environment (the only place that reads process.env for the server). */
export interface ServerConfig {
  databaseUrl: string;
  host: string;
  port: number;
  logLevel: string;
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  cookieSecure: boolean;
  sessionTtlMinutes: number;
  trustProxy: boolean;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/platform.db';

export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  return {
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    host: env.HOST || '127.0.0.1',
    port: Number(env.PORT || 3000),
    logLevel: env.LOG_LEVEL || 'info',
    cookieSecure: env.COOKIE_SECURE === 'true',
    sessionTtlMinutes: Number(env.SESSION_TTL_MINUTES || 480),
    trustProxy: env.TRUST_PROXY === 'true',
  };
}
