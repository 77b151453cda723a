/**
 * The configuration file (`social-affairs.config.json`): the platform's settings and one slice per
 * business line (`lines.<name>`), validated with zod at start-up. A wrong value stops start-up with a
 * message naming the key. See docs/configuration.md.
 */
import { z } from 'zod';
import type { AnyLine } from './line';
import { resolveLineConfigs, type CoreConfigInput } from './platform';
import { faceConfigFileSchema } from './faces/faces.config';

export const platformConfigSchema = z
  .object({
    sessionTtlMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    loginMaxFailures: z.number().int().min(1).max(100),
    loginLockMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    argon2: z
      .object({
        memoryCost: z.number().int().min(1024),
        timeCost: z.number().int().min(1),
        parallelism: z.number().int().min(1),
      })
      .strict(),
    timeZone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, '不是有效的 IANA 时区名称'),
    attachmentsDir: z.string().min(1),
    /** PostgreSQL connection pool and timeouts (ADR 0016); SQLite ignores them. */
    database: z
      .object({
        poolSize: z.number().int().min(1).max(1000),
        statementTimeoutMs: z.number().int().min(0),
        idleTimeoutMs: z.number().int().min(0),
        connectionTimeoutMs: z.number().int().min(0),
      })
      .partial()
      .strict(),
    /** Face ranking (docs/faces.md); every key optional. */
    faces: faceConfigFileSchema,
  })
  .partial()
  .strict();

/** Settings of the server process itself (not of core): where its secret key file is. */
export const serverFileSchema = z
  .object({
    keyFile: z.string().min(1),
    /** Append-only file of keyed audit head checkpoints (ADR 0012); default: audit-checkpoints.log beside the key file. */
    auditCheckpointFile: z.string().min(1),
    /**
     * Origins besides the server's own allowed to send state-changing /api requests from a browser
     * (`https://portal.example.gov.cn`; scheme, host and port only). See docs/security.md, CSRF.
     */
    allowedOrigins: z.array(
      z
        .string()
        .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, '须为 scheme://host[:port] 形式的来源（小写，无路径）'),
    ),
  })
  .partial()
  .strict();

const fileSchema = z
  .object({
    $schema: z.string().optional(),
    platform: platformConfigSchema.optional(),
    server: serverFileSchema.optional(),
    lines: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export interface ConfigFile {
  core: CoreConfigInput;
  server: z.infer<typeof serverFileSchema>;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates a parsed configuration file against the platform's schema and each line's, and returns it as
 * `openCore`'s `config`. Throws ConfigError naming the first wrong key (`platform.timeZone`, `lines.marriage.…`).
 */
export function parseConfigFile(raw: unknown, lines: readonly AnyLine[]): ConfigFile {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = (issue?.path ?? []).map(String).join('.') || '(root)';
    const what =
      issue?.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue?.message;
    throw new ConfigError(`configuration ${key}: ${what ?? 'invalid'}`);
  }
  try {
    resolveLineConfigs(lines, parsed.data.lines ?? {});
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  return {
    core: { ...parsed.data.platform, lines: parsed.data.lines ?? {} },
    server: parsed.data.server ?? {},
  };
}
