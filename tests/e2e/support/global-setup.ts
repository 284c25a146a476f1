// E2E environment: a fresh stack on free ports, a production build of the app, and `next start` on
// E2E_PORT with the stack's environment. Everything started here is stopped by PID in global-teardown.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startStackProcess } from "../../support/stack-process";

/** E2E builds into its own directory, so a running `next dev` keeps its .next (tsconfig.json includes its types). */
export const distDir = () => ".next-e2e";

export const STATE_FILE = path.join(tmpdir(), `hearth-e2e-${Number(process.env.E2E_PORT || 3210)}.json`);
/** Everything the app server prints (stdout and stderr), for tests that watch its log. */
export const SERVER_LOG = path.join(
  tmpdir(),
  `hearth-e2e-${Number(process.env.E2E_PORT || 3210)}.server.log`,
);

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export default async function globalSetup() {
  const root = path.resolve(import.meta.dirname, "..", "..", "..");
  const port = Number(process.env.E2E_PORT || 3210);
  const stack = await startStackProcess();
  const env = {
    ...process.env,
    ...stack.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    NEXT_DIST_DIR: distDir(),
  };
  for (const [k, v] of Object.entries(stack.env)) process.env[k] = v;
  process.env.HEARTH_TEST_STACK_DIR = stack.stackDir;

  if (process.env.E2E_SKIP_BUILD !== "1") {
    const build = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], {
      cwd: root,
      env,
      stdio: "inherit",
    });
    if (build.status !== 0) {
      await stack.stop();
      throw new Error("next build failed");
    }
  }
  const server = spawn(
    path.join(root, "node_modules/.bin/next"),
    ["start", "--port", String(port), "--hostname", "127.0.0.1"],
    {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  writeFileSync(SERVER_LOG, "");
  const log = (d: Buffer) => {
    out += d;
    appendFileSync(SERVER_LOG, d);
  };
  server.stdout!.on("data", log);
  server.stderr!.on("data", log);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 60_000);
  } catch (err) {
    server.kill("SIGTERM");
    await stack.stop();
    throw new Error(`${(err as Error).message}\n${out}`);
  }
  mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  writeFileSync(
    STATE_FILE,
    JSON.stringify({ serverPid: server.pid, stackPid: stack.pid, stackDir: stack.stackDir, env: stack.env }),
  );
  // The stack child must outlive this function: keep its handle alive until teardown.
  (globalThis as Record<string, unknown>).__hearthE2E = { stack, server };
}
