import { z } from 'zod';

/** A master key is 32 bytes, given as 64 hex digits or as base64. */
export function decodeMasterKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return undefined;
}

const ZEnvironment = z
  .object({
    QM_DATA_DIR: z.string().min(1, 'expected a directory path').default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
      .optional(),
    QM_DB_POOL_SIZE: z
      .string()
      .regex(/^\d+$/, 'expected an integer from 1 to 500')
      .transform(Number)
      .pipe(z.number().int().min(1).max(500, 'expected an integer from 1 to 500'))
      .default(10),
    QM_HOST: z.string().min(1, 'expected a host name or IP address').default('127.0.0.1'),
    QM_PORT: z
      .string()
      .regex(/^\d+$/, 'expected an integer port from 0 to 65535')
      .transform(Number)
      .pipe(z.number().int().min(0).max(65535, 'expected an integer port from 0 to 65535'))
      .default(8080),
    QM_MASTER_KEY: z
      .string()
      .refine(
        (v) => decodeMasterKey(v) !== undefined,
        'expected 32 bytes as 64 hex digits or base64',
      )
      .transform((v) => decodeMasterKey(v) as Buffer)
      .optional(),
    QM_TRUST_PROXY: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .transform((v) => v === 'true')
      .default(false),
    QM_LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL !== undefined && env.QM_MASTER_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['QM_MASTER_KEY'],
        message: 'required when DATABASE_URL is set, so that every API process shares it',
      });
    }
  });

/** Where the data lives: the embedded PGlite data dir, or a PostgreSQL server. */
type Storage =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize: number };

/** The validated settings of one Quartermaster process. */
export interface Config {
  storage: Storage;
  dataDir: string;
  host: string;
  port: number;
  /** Absent only in embedded mode, where it is then generated into the data dir. */
  masterKey: Buffer | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Behind a TLS-terminating proxy: believe its X-Forwarded-* headers (for Secure cookies). */
  trustProxy: boolean;
}

/** A setting that is not usable, with one line that names it and what is expected. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads the environment into a Config, or throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in ZEnvironment.shape && value !== ''),
  );
  const parsed = ZEnvironment.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const shown =
      name === 'QM_MASTER_KEY' || name === 'DATABASE_URL' ? '' : describeValue(env[name]);
    throw new ConfigError(`${name}: ${issue?.message ?? 'invalid'}${shown}`);
  }
  const e = parsed.data;
  return {
    storage:
      e.DATABASE_URL === undefined
        ? { kind: 'pglite', dataDir: e.QM_DATA_DIR }
        : { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.QM_DB_POOL_SIZE },
    dataDir: e.QM_DATA_DIR,
    host: e.QM_HOST,
    port: e.QM_PORT,
    masterKey: e.QM_MASTER_KEY,
    logLevel: e.QM_LOG_LEVEL,
    trustProxy: e.QM_TRUST_PROXY,
  };
}

function describeValue(value: string | undefined): string {
  return value === undefined ? '' : `, got ${JSON.stringify(value)}`;
}
