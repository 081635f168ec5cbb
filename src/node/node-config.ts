import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../api/index.ts';
import { isAdminTokenHash } from '../services/index.ts';

// The configuration file of `sealchain node --config FILE`: one role of one member per process,
// for a real deployment (docs/deployment.md). Paths are relative to the file's own folder; the
// database URL, which holds a password, may instead come from the environment (DATABASE_URL), and
// so may a sequencer's admin token hash (SEALCHAIN_ADMIN_TOKEN_HASH), both from a root-only
// EnvironmentFile of its systemd unit.

const NumbersSchema = z.record(z.string(), z.number());
const UrlsSchema = z.record(z.string(), z.string().regex(/^https?:\/\/\S+$/, 'must be an http or https URL'));

const NodeConfigSchema = z.strictObject({
  /** `sequencer` runs one chain's node; `witness` one member's witness. */
  role: z.enum(['sequencer', 'witness']),
  /** The consortium file, as every member received it. */
  consortium: z.string().min(1),
  /** The chain this sequencer sequences. */
  chain: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/)
    .optional(),
  /** The witness's name in the consortium file. */
  member: z.string().min(1).max(255).optional(),
  /** The private key file (the sequencer's Ed25519 key, or the witness's cosignature/v1 key). */
  key: z.string().min(1),
  /** Folder of the node's lock, its embedded database when there is no database URL, and blobs. */
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//)
    .optional(),
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('public'),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(8080),
  /** Witness: mirror each chain through its tlog-tiles URL and recompute the root before cosigning. */
  audit: z.boolean().default(false),
  /** Sequencer: the API base URLs of the other chains' nodes, when not <base> of their /log/<chain> URL. */
  peers: UrlsSchema.optional(),
  /** Witness: the chains' tlog-tiles URLs, over the consortium file's. */
  logUrls: UrlsSchema.optional(),
  ledger: NumbersSchema.optional(),
  api: NumbersSchema.optional(),
  consortiumOptions: NumbersSchema.optional(),
  witness: NumbersSchema.optional(),
  shutdownGraceMs: z.number().int().min(0).default(10_000),
  /**
   * Sequencer: `in-process` (default) takes web captures in this process; `workers` leaves them to
   * `sealchain worker` processes on the same PostgreSQL and only deposits them.
   */
  captureJobs: z.enum(['in-process', 'workers']).default('in-process'),
  /** Sequencer: the public base URL of verify links and QR codes; or SEALCHAIN_PUBLIC_BASE_URL. */
  publicBaseUrl: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http or https URL')
    .optional(),
  /**
   * Sequencer: the hash (`sha256:<hex>`, from `sealchain unit admin-token`) of the admin token it
   * stores at its first start instead of making and printing one; or SEALCHAIN_ADMIN_TOKEN_HASH.
   */
  adminTokenHash: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 lower-case hex>')
    .optional(),
});

export type NodeConfig = z.infer<typeof NodeConfigSchema>;

function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/**
 * Reads and checks a node configuration file; throws NODE_OPTIONS_INVALID naming the first bad
 * field. `env.DATABASE_URL` is used when the file has no databaseUrl, and a sequencer's
 * `env.SEALCHAIN_ADMIN_TOKEN_HASH` when it has no adminTokenHash.
 */
export async function readNodeConfig(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<NodeConfig> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new ApiError('NODE_OPTIONS_INVALID', `the node configuration ${path} is not readable JSON`, {
      cause,
      details: { path },
    });
  }
  const parsed = NodeConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '$';
    throw new ApiError('NODE_OPTIONS_INVALID', `${path}: ${field}: ${issue.message}`, {
      details: { path, field },
    });
  }
  const config = parsed.data;
  if (config.role === 'sequencer' && config.chain === undefined) {
    throw new ApiError('NODE_OPTIONS_INVALID', `${path}: a sequencer names its chain`, {
      details: { path, field: 'chain' },
    });
  }
  if (config.role === 'witness' && config.member === undefined) {
    throw new ApiError('NODE_OPTIONS_INVALID', `${path}: a witness names its member`, {
      details: { path, field: 'member' },
    });
  }
  if (config.role === 'witness' && config.adminTokenHash !== undefined) {
    throw new ApiError('NODE_OPTIONS_INVALID', `${path}: a witness has no admin token`, {
      details: { path, field: 'adminTokenHash' },
    });
  }
  const base = dirname(resolve(path));
  const publicBaseUrl = config.publicBaseUrl ?? (env['SEALCHAIN_PUBLIC_BASE_URL'] || undefined);
  const databaseUrl = config.databaseUrl ?? (env['DATABASE_URL'] || undefined);
  const adminTokenHash =
    config.role === 'sequencer'
      ? (config.adminTokenHash ?? (env['SEALCHAIN_ADMIN_TOKEN_HASH'] || undefined))
      : undefined;
  if (config.captureJobs === 'workers' && databaseUrl === undefined) {
    // A worker opens the node's database; the embedded one is held by the node alone.
    throw new ApiError(
      'NODE_OPTIONS_INVALID',
      `${path}: captureJobs "workers" needs a databaseUrl (or DATABASE_URL): capture workers cannot open the node's embedded database while it runs`,
      { details: { path, field: 'captureJobs' } },
    );
  }
  if (adminTokenHash !== undefined && !isAdminTokenHash(adminTokenHash)) {
    throw new ApiError(
      'NODE_OPTIONS_INVALID',
      'SEALCHAIN_ADMIN_TOKEN_HASH must be sha256:<64 lower-case hex>, as `sealchain unit admin-token` prints it',
      { details: { path, field: 'adminTokenHash' } },
    );
  }
  return {
    ...config,
    consortium: resolvePath(base, config.consortium),
    key: resolvePath(base, config.key),
    dataDir: resolvePath(base, config.dataDir),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(adminTokenHash === undefined ? {} : { adminTokenHash }),
    ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }),
  };
}
