import "server-only";
// Server environment, validated with zod on first use; the error names every missing or malformed variable. Every
// read of the environment goes through env() (secondary Supabase projects, whose variable names are dynamic, through
// rawEnv()). Parsed lazily so `next build` and tools that import modules without a database don't fail, and parsed
// again when a variable changes (tests swap the document keyring).
import { z } from "zod";

const postgresUrl = z
  .string({ error: "is missing" })
  .min(1, "is missing")
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL");

const keyring = z
  .string({ error: "is missing" })
  .min(1, "is missing")
  .refine(
    (v) =>
      v.split(",").every((entry) => {
        const m = /^(\d+):([A-Za-z0-9+/=_-]+)$/.exec(entry.trim());
        return m !== null && Buffer.from(m[2]!, "base64").length === 32;
      }),
    'must be "<version>:<base64 of 32 bytes>[,<version>:<key>…]"',
  );

const intFromString = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

const HOPS_MESSAGE =
  "must be the number of proxies of yours in front of the app, 0 to 10 (0 = trust no proxy header)";

export const serverEnvSchema = z.object({
  DATABASE_URL: postgresUrl,
  DIRECT_URL: postgresUrl.optional(),
  NEXT_PUBLIC_SUPABASE_URL: z.url({ error: "must be the project's URL, e.g. http://127.0.0.1:54321" }),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: z.string({ error: "is missing" }).min(20, "does not look like an API key"),
  SUPABASE_SERVICE_ROLE_KEY: z.string({ error: "is missing" }).min(20, "does not look like an API key"),
  DOCUMENT_ENCRYPTION_KEYS: keyring,
  DATABASE_POOL_MAX: intFromString(1, 10),
  DATABASE_POOL_CONNECT_TIMEOUT_MS: intFromString(100, 10_000),
  DATABASE_POOL_IDLE_TIMEOUT_MS: intFromString(1_000, 30_000),
  DOCUMENT_MAX_BYTES: intFromString(1, 50 * 1024 * 1024),
  SIGNED_LINK_TTL_SECONDS: intFromString(10, 600),
  /** How many X-Forwarded-For entries, from the right, our own proxies append (lib/request.ts). */
  TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: HOPS_MESSAGE })
    .int(HOPS_MESSAGE)
    .min(0, HOPS_MESSAGE)
    .max(10, HOPS_MESSAGE)
    .default(0),
  /** The audit chain's sealer (lib/modules/activity/services/seal-chain.ts): how often the server runs it (0 = never). */
  AUDIT_SEAL_INTERVAL_MS: intFromString(0, 1000),
  /** The storage sweeper (lib/modules/documents/services/sweep-orphans.ts): how often the server runs it (0 = never)
   *  and how old an object without a row must be before it is removed. */
  STORAGE_SWEEP_INTERVAL_SECONDS: intFromString(0, 3600),
  STORAGE_SWEEP_GRACE_SECONDS: intFromString(60, 3600),
  MAIL_OUTBOX_DIR: z.string().optional(),
  APP_URL: z.url().optional(),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses an environment; throws EnvError listing every problem, one per line. */
export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = serverEnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  - ${issue.path.join(".") || "(root)"} ${issue.message}`,
  );
  throw new EnvError(
    `Invalid environment:\n${lines.join("\n")}\n` +
      "Locally, `npm run dev` starts the stack and provides these; see README.md → Environment variables.",
  );
}

const KEYS = Object.keys(serverEnvSchema.shape) as Array<keyof ServerEnv>;
let cached: { fingerprint: string; env: ServerEnv } | undefined;

export function env(): ServerEnv {
  const fingerprint = KEYS.map((k) => process.env[k] ?? "").join("\u0000");
  if (cached?.fingerprint !== fingerprint) cached = { fingerprint, env: parseServerEnv(process.env) };
  return cached.env;
}

/** The raw environment, for settings whose names aren't known in advance (SUPABASE_PROJECT_<NAME>_…). */
export function rawEnv(): NodeJS.ProcessEnv {
  return process.env;
}
