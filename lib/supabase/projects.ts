import "server-only";
// Named Supabase projects. "primary" is the app's own project (auth, storage, realtime); others are
// optional secondary projects configured with SUPABASE_PROJECT_<NAME>_URL / _ANON_KEY / _SERVICE_ROLE_KEY /
// _COOKIE_NAME / _READ_BUCKETS. Each has its own cookie name so their sessions never overwrite each other.
import { rawEnv } from "../env";
import { AppError } from "../errors";

export interface SupabaseProject {
  name: string;
  url: string;
  anonKey: string;
  serviceRoleKey?: string;
  /** Auth cookie name; undefined = @supabase/ssr's default (sb-<host label>-auth-token). */
  cookieName?: string;
  /** Buckets the server-only read proxy may read from (secondary projects only). */
  readBuckets: string[];
}

export const PRIMARY = "primary";

function fromEnv(name: string, env: NodeJS.ProcessEnv): SupabaseProject | undefined {
  if (name === PRIMARY) {
    const url = env.NEXT_PUBLIC_SUPABASE_URL;
    const anonKey = env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
    if (!url || !anonKey) return undefined;
    return {
      name,
      url,
      anonKey,
      serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
      cookieName: env.SUPABASE_COOKIE_NAME || undefined,
      readBuckets: [],
    };
  }
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(name)) return undefined;
  const prefix = `SUPABASE_PROJECT_${name.toUpperCase()}_`;
  const url = env[`${prefix}URL`];
  const anonKey = env[`${prefix}ANON_KEY`];
  if (!url || !anonKey) return undefined;
  return {
    name,
    url,
    anonKey,
    serviceRoleKey: env[`${prefix}SERVICE_ROLE_KEY`],
    cookieName: env[`${prefix}COOKIE_NAME`] || `sb-${name}-auth-token`,
    readBuckets: (env[`${prefix}READ_BUCKETS`] ?? "")
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
  };
}

export function getProject(name: string = PRIMARY, env: NodeJS.ProcessEnv = rawEnv()): SupabaseProject {
  const project = fromEnv(name, env);
  if (!project) {
    if (name === PRIMARY) {
      throw new Error(
        "NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY must be set (see README → Environment variables)",
      );
    }
    throw new AppError("NOT_FOUND", `No Supabase project named "${name}" is configured.`);
  }
  return project;
}

/** What the browser may know about the primary project: URL, publishable key and cookie name. */
export function publicSupabaseConfig(): { url: string; anonKey: string; cookieName?: string } {
  const p = getProject(PRIMARY);
  return { url: p.url, anonKey: p.anonKey, cookieName: p.cookieName };
}
