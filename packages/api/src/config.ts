import { ConfigError, parseConfigFile, type AnyLine, type CoreConfigInput } from '@social-affairs/core';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

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
  /** The configuration file (`--config` or SOCIAL_AFFAIRS_CONFIG); default ./social-affairs.config.json if present. */
  configPath: string | undefined;
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
    configPath: env.SOCIAL_AFFAIRS_CONFIG || undefined,
  };
}

export const DEFAULT_CONFIG_FILE = 'social-affairs.config.json';

/**
 * Reads and validates the configuration file for `lines`. With no path given, ./social-affairs.config.json
 * is used when it exists and the defaults otherwise; a path given but missing, bad JSON or a wrong value
 * throws ConfigError naming the file and the key.
 */
export function loadConfigFile(path: string | undefined, lines: readonly AnyLine[]): CoreConfigInput {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) throw new ConfigError(`configuration file ${file} not found`);
    return {};
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`configuration file ${file}: not valid JSON (${(err as Error).message})`);
  }
  try {
    return parseConfigFile(raw, lines);
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
}
