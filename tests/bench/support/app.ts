// The production app for benchmarks that drive it over HTTP: a `next build` into .next-e2e (the E2E build's
// directory, so either can reuse the other's; skipped while it is newer than every source file, or with
// BENCH_SKIP_BUILD=1), `next start` on a free 32xx port of 127.0.0.1 in its own process group (stopped by that
// group), the demo data of `npm run db:seed`, and a signed-in session's cookies from Supabase Auth.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { createServerClient } from "@supabase/ssr";
import pg from "pg";
import { projectRoot } from "../../support/stack-process";

export const DIST_DIR = ".next-e2e";
/** An environment for a child process (the stack's variables over this process's). */
export type Env = Record<string, string | undefined>;
const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);
const SOURCES = ["app", "lib", "components", "public", "proxy.ts", "next.config.ts", "package.json"];

/** Whether the build is older than a source file (tracked or new), or missing. */
export function buildIsStale(): boolean {
  const buildId = path.join(projectRoot, DIST_DIR, "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const files = spawnSync(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "--", ...SOURCES],
    {
      cwd: projectRoot,
      encoding: "utf8",
    },
  ).stdout.split("\n");
  return files.some((f) => {
    if (!f) return false;
    try {
      return statSync(path.join(projectRoot, f)).mtimeMs > built;
    } catch {
      return false; // deleted in the work tree
    }
  });
}

/** Builds when needed; returns the seconds the build took (0 when skipped). */
export function ensureBuild(env: Env): number {
  if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(path.join(projectRoot, DIST_DIR, "BUILD_ID")))
    return 0;
  if (!buildIsStale()) return 0;
  console.info(`[bench] next build (into ${DIST_DIR}; skipped next time while the sources are unchanged)…`);
  // next build rewrites tsconfig.json's include list for a new dist dir; keep the file as it is.
  const tsconfig = path.join(projectRoot, "tsconfig.json");
  const before = readFileSync(tsconfig, "utf8");
  const t0 = performance.now();
  const res = spawnSync(bin("next"), ["build"], {
    cwd: projectRoot,
    env: { ...env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" } as unknown as NodeJS.ProcessEnv,
    stdio: "inherit",
  });
  if (readFileSync(tsconfig, "utf8") !== before) writeFileSync(tsconfig, before);
  if (res.status !== 0) throw new Error("next build failed");
  return (performance.now() - t0) / 1000;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** A free port in 3230–3299 (the range benchmarks use for app servers). */
export async function freeAppPort(): Promise<number> {
  for (let p = 3230; p < 3300; p++) if (await portIsFree(p)) return p;
  throw new Error("no free port in 3230–3299");
}

/** Polls url until it answers (any status below 500); returns the ms it took. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  ok = (s: number) => s < 500,
): Promise<number> {
  const t0 = performance.now();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      await res.arrayBuffer();
      if (ok(res.status)) return performance.now() - t0;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export interface RunningProcess {
  pid: number;
  output: () => string;
  /** SIGTERM to the whole process group, SIGKILL after 10 s. */
  stop: () => Promise<void>;
}

/** Spawns a command as the leader of its own process group, so stopping it stops everything it started. */
export function spawnGroup(cmd: string, args: string[], env: Env): RunningProcess {
  const child = spawn(cmd, args, {
    cwd: projectRoot,
    env: env as unknown as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    pid: child.pid!,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        signal("SIGTERM");
        const timer = setTimeout(() => signal("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      // The leader can exit before what it started (a dev server stopping its stack): give the group time to
      // stop cleanly, then kill what is left.
      const deadline = Date.now() + 20_000;
      while (groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      signal("SIGKILL");
    },
  };
}

export interface App extends RunningProcess {
  url: string;
}

/** `next start` of the build on a free port; env holds the stack's variables (DATABASE_URL may be a proxy). */
export async function startApp(env: Env): Promise<App> {
  const port = await freeAppPort();
  const proc = spawnGroup(bin("next"), ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
    ...env,
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    // No background work while counting: the storage sweeper and the audit sealer stay off (the sealer's
    // statements would be counted as the request's; entries stay unsealed meanwhile, which no page waits for).
    STORAGE_SWEEP_INTERVAL_SECONDS: "0",
    AUDIT_SEAL_INTERVAL_MS: "0",
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/login`, 60_000, (s) => s === 200);
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  }
  return { ...proc, url };
}

/** The demo data of `npm run db:seed` (owner@hearth.test owns maple-realty), seeded once per stack. */
export async function ensureDemoData(env: Env): Promise<number> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const seeded = await client.query("select 1 from public.organizations where slug = 'maple-realty'");
    if (seeded.rowCount) return 0;
  } finally {
    await client.end();
  }
  const t0 = performance.now();
  const res = spawnSync(
    bin("tsx"),
    ["--conditions=react-server", path.join(projectRoot, "scripts/seed.ts")],
    {
      cwd: projectRoot,
      env: env as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (res.status !== 0) throw new Error("the demo seed failed");
  const seconds = (performance.now() - t0) / 1000;
  console.info(`[bench] demo data seeded (npm run db:seed) in ${seconds.toFixed(0)} s`);
  return seconds;
}

export interface Session {
  /** The Cookie header, made by @supabase/ssr exactly as the login form's would be. */
  cookie: string;
  /** The access token's claims (what getClaims() verifies on the server). */
  claims: Record<string, unknown>;
}

/** Signs in through Supabase Auth with a password. */
export async function signIn(env: Env, email: string, password: string): Promise<Session> {
  const jar = new Map<string, string>();
  const supabase = createServerClient(env.NEXT_PUBLIC_SUPABASE_URL!, env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => {
        for (const c of cookies) {
          if (c.value) jar.set(c.name, c.value);
          else jar.delete(c.name);
        }
      },
    },
  });
  const { data, error } = await supabase.auth.signInWithPassword({ email, password });
  if (error || !data.session) throw new Error(`sign-in as ${email} failed: ${error?.message}`);
  const payload = data.session.access_token.split(".")[1]!;
  return {
    cookie: [...jar].map(([n, v]) => `${n}=${v}`).join("; "),
    claims: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>,
  };
}

/** The id Next gave a server action (from the build's server reference manifest). */
export function actionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(projectRoot, DIST_DIR, "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const hit = Object.entries(manifest.node).find(
    ([, v]) => v.filename === filename && v.exportedName === exportedName,
  );
  if (!hit) throw new Error(`no server action ${exportedName} in ${filename} in the build`);
  return hit[0];
}
