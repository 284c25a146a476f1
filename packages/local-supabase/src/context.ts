// What every local platform service (auth, storage, realtime) is given by the stack.
import type pg from "pg";
import type { PlatformConfig } from "./config";
import type { PlatformKeys } from "./keys";

export interface PlatformContext {
  /** Settings, read once from the environment. */
  config: PlatformConfig;
  /** Pool of superuser connections; services switch to the caller's role for RLS-checked work. */
  db: pg.Pool;
  /** Superuser connection string (the realtime change reader opens a replication connection). */
  databaseUrl: string;
  keys: PlatformKeys;
  /** Root of the stack's data (Postgres cluster, storage bytes, keys, outbox). */
  dataDir: string;
  /** Directory where mail the platform would send (invites, password recovery) is written, one file each. */
  outboxDir: string;
  /** Public base URL of the API, e.g. http://127.0.0.1:54321 */
  publicUrl: string;
  log: (message: string) => void;
}
