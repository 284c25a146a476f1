// `npm run dev` to its first 200 (full mode only; quick mode skips it and keeps the last result): a fresh checkout's
// first start — a new stack directory (initdb, migrations), the demo seed, `next dev` — on free ports, timed from
// the spawn to the first 200 of /login (which `next dev` compiles on that request), with the phases read from its
// output. Baseline, measured in the same run: `next start` of the production build (the bench stack already up)
// to its first 200 of /login. Everything `npm run dev` started is stopped through its process group.
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, parseEnvFile } from "../support/stack-process";
import { quick, ratio, writeResult, type Cell } from "./report";
import { ensureBuild, freeAppPort, spawnGroup, startApp, waitForHttp } from "./support/app";

const LIMIT_MS = 300_000;

/** This process's environment without the bench stack's variables (the dev script must make its own). */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  const stackDir = process.env.HEARTH_TEST_STACK_DIR;
  if (stackDir && existsSync(path.join(stackDir, "env"))) {
    for (const key of Object.keys(parseEnvFile(readFileSync(path.join(stackDir, "env"), "utf8"))))
      delete env[key];
  }
  for (const key of Object.keys(env))
    if (key.startsWith("BENCH_") || key.startsWith("HEARTH_TEST")) delete env[key];
  return env;
}

/** Removes a stack directory and, as root, the cluster it points to under /var/lib/hearth/clusters. */
function removeStackDir(dir: string) {
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue; // gone meanwhile
      }
      if (st.isSymbolicLink()) {
        const target = realpathSync(p);
        if (target.startsWith("/var/lib/hearth/clusters/")) rmSync(target, { recursive: true, force: true });
      } else if (st.isDirectory()) walk(p);
    }
  };
  try {
    walk(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (quick) {
    console.info(
      "dev-startup: skipped in quick mode (it runs in the full `npm run bench`); the last result stays.",
    );
    return;
  }
  ensureBuild(process.env);

  // Baseline: the production server to its first 200.
  const t0 = performance.now();
  const app = await startApp(process.env);
  const startMs = performance.now() - t0;
  await app.stop();

  const stackDir = mkdtempSync(path.join(os.tmpdir(), "hearth-bench-dev-"));
  const port = await freeAppPort();
  const dev = spawnGroup("npm", ["run", "dev"], {
    ...cleanEnv(),
    PORT: String(port),
    STACK_DIR: stackDir,
    STACK_DB_PORT: String(await freePort()),
    STACK_API_PORT: String(await freePort()),
    NEXT_TELEMETRY_DISABLED: "1",
  });
  const phases: Record<string, number> = {};
  const started = performance.now();
  const watch = setInterval(() => {
    const out = dev.output();
    const at = performance.now() - started;
    if (!phases.stack && out.includes("STACK READY")) phases.stack = at;
    if (!phases.next && /\[next\].*(Ready in|Local:)/.test(out)) phases.next = at;
  }, 50);
  let firstMs: number;
  try {
    firstMs = await waitForHttp(`http://127.0.0.1:${port}/login`, LIMIT_MS, (s) => s === 200);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${dev.output().slice(-3000)}`);
  } finally {
    clearInterval(watch);
    await dev.stop();
    removeStackDir(stackDir);
  }
  const s = (v: number | undefined) => (v === undefined ? "–" : `${(v / 1000).toFixed(1)} s`);
  const rows: Cell[][] = [
    ["baseline: `next start` (production build) to first 200 of /login", s(startMs), "×1.00"],
    [
      "`npm run dev`: the stack ready (fresh directory: initdb, migrations)",
      s(phases.stack),
      ratio(phases.stack ?? NaN, startMs),
    ],
    [
      "`npm run dev`: `next dev` ready (after the demo seed)",
      s(phases.next),
      ratio(phases.next ?? NaN, startMs),
    ],
    ["`npm run dev` to first 200 of /login", s(firstMs), ratio(firstMs, startMs)],
  ];
  const table = {
    title: "Start to first 200 (times from the spawn)",
    columns: ["what", "time", "vs baseline"],
    rows,
  };
  console.info(rows.map((r) => r.join("  ")).join("\n"));
  writeResult({
    title: "`npm run dev` to first 200",
    quick,
    params: { freshStackDir: true },
    tables: [table],
    notes: [
      "A first start: a new STACK_DIR, so the stack runs initdb and every migration, and the seed creates the demo data; `next dev` then compiles /login on its first request. Later starts reuse the directory and are faster.",
      "Baseline: `next start` of the production build against the already running bench stack, to its first 200 of /login.",
    ],
  });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
