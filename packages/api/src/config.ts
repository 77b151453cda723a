import {
  ConfigError,
  SERVER_KEY_BYTES,
  newServerKey,
  parseConfigFile,
  serverKeys,
  type AnyLine,
  type ConfigFile,
  type ServerKeys,
} from '@social-affairs/core';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
  /** The server's key file (SOCIAL_AFFAIRS_KEY_FILE); else the configuration file's, else ./data/server.key. */
  keyFile: string | undefined;
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
    keyFile: env.SOCIAL_AFFAIRS_KEY_FILE || undefined,
  };
}

export const DEFAULT_CONFIG_FILE = 'social-affairs.config.json';

/**
 * Reads and validates the configuration file for `lines`. With no path given, ./social-affairs.config.json
 * is used when it exists and the defaults otherwise; a path given but missing, bad JSON or a wrong value
 * throws ConfigError naming the file and the key.
 */
export function loadConfigFile(path: string | undefined, lines: readonly AnyLine[]): ConfigFile {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) throw new ConfigError(`configuration file ${file} not found`);
    return { core: {}, server: {} };
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

export const DEFAULT_KEY_FILE = 'data/server.key';

/** Where the key file is by default: beside an SQLite database file, else ./data/server.key. */
export function defaultKeyFile(databaseUrl: string): string {
  const m = /^sqlite:(?!:memory:)(.+)$/.exec(databaseUrl);
  return m?.[1] ? join(dirname(resolve(m[1])), 'server.key') : resolve(DEFAULT_KEY_FILE);
}

/**
 * The server's secret key from its key file (SOCIAL_AFFAIRS_KEY_FILE, the configuration file's
 * `server.keyFile`, or `defaultKeyFile`). A missing file is created with a fresh random key and
 * owner-only permissions (0600) on first start; a file others may read, or one too short, is refused.
 */
export function loadServerKey(path: string): ServerKeys {
  const file = resolve(path);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, newServerKey().toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new ConfigError(
      `key file ${file}: readable by others (mode ${mode.toString(8)}); run chmod 600 on it`,
    );
  // The first line is the current key; further lines are retired keys, kept only so that audit rows and
  // checkpoints written under them still verify after a rotation (ADR 0012).
  const [key, ...retired] = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => Buffer.from(l, 'base64'));
  if (!key || [key, ...retired].some((k) => k.length < SERVER_KEY_BYTES))
    throw new ConfigError(`key file ${file}: expected ${SERVER_KEY_BYTES} random bytes in base64 per line`);
  return serverKeys(key, retired);
}
