// `npm run bench [-- --quick] [-- name…]`: starts one fresh local stack and runs every tests/bench/*.bench.ts
// against it, one after the other (`npm run bench -- realtime` runs only benchmarks whose file name matches). Each
// benchmark measures its own baseline in the same run and reports ratios against it — never absolute pass/fail
// timings — as a fragment in BENCH_RESULTS_DIR (tests/bench/report.ts). At the end the fragments, the machine and
// the run go to bench/results/<YYYY-MM-DD>.json and bench/README.md is rendered from the latest results
// (tests/bench/collect.ts). --quick (BENCH_QUICK=1): smaller sizes, all benchmarks in under 3 minutes.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import prettier from "prettier";
import { startStackProcess } from "../support/stack-process";
import {
  gitCommit,
  mergeRun,
  probeMachine,
  readFragments,
  readResults,
  renderReadme,
  type BenchEntry,
  type RunResult,
} from "./collect";
import { ensureBuild } from "./support/app";

const root = path.resolve(import.meta.dirname, "..", "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick") || process.env.BENCH_QUICK === "1";
const only = args.filter((a) => !a.startsWith("-"));
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${only.join(", ")}.`);
  process.exit(1);
}
/** A benchmark that runs longer than this is stopped (SIGTERM) and reported as not finished. */
const PER_BENCH_LIMIT_S = Number(process.env.BENCH_LIMIT_S || (quick ? 150 : 600));

const startedAt = new Date();
// Benchmarks that drive the production app share one build, made (when stale) before the clock of any of them.
const APP_BENCHES = /^(request-path|page-throughput|dev-startup)\./;
const buildSeconds = files.some((f) => APP_BENCHES.test(f)) ? ensureBuild(process.env) : 0;
const fragmentsDir = mkdtempSync(path.join(os.tmpdir(), "hearth-bench-results-"));
const stack = await startStackProcess();
const entries: Record<string, BenchEntry> = {};
let postgres = "PostgreSQL (version unknown)";
let failed = 0;
try {
  const client = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  await client.connect();
  postgres = `PostgreSQL ${(await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v}`;
  await client.end();

  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, "");
    console.info(`\n━━ ${file} (${quick ? "quick" : "full"}) ━━`);
    const t0 = performance.now();
    const res = spawnSync(
      path.join(root, "node_modules/.bin/tsx"),
      ["--conditions=react-server", path.join(import.meta.dirname, file)],
      {
        cwd: root,
        env: {
          ...process.env,
          ...stack.env,
          HEARTH_TEST_STACK_DIR: stack.stackDir,
          BENCH_QUICK: quick ? "1" : "",
          BENCH_RESULTS_DIR: fragmentsDir,
        },
        stdio: "inherit",
        timeout: PER_BENCH_LIMIT_S * 1000,
        killSignal: "SIGTERM",
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    const ok = res.status === 0;
    if (!ok) {
      failed++;
      console.error(
        `${file} exited with ${res.status ?? res.signal}${res.error ? ` (${res.error.message})` : ""}`,
      );
    }
    const fragment = readFragments(fragmentsDir)[name];
    if (!fragment && ok) {
      console.info(`${file} reported nothing (skipped in this mode); its last result stays.`);
      continue;
    }
    entries[name] = {
      ...(fragment ?? {
        title: name,
        quick,
        params: {},
        tables: [],
        notes: [`Exited with ${res.status ?? res.signal} before reporting (see the run's output).`],
      }),
      ranAt: new Date().toISOString(),
      run: startedAt.toISOString(),
      seconds,
      ok,
    };
  }
} finally {
  await stack.stop();
  stack.remove();
}

const run: RunResult = {
  date: startedAt.toISOString().slice(0, 10),
  startedAt: startedAt.toISOString(),
  mode: quick ? "quick" : "full",
  seconds: (Date.now() - startedAt.getTime()) / 1000 - buildSeconds,
  buildSeconds: Math.round(buildSeconds),
  commit: gitCommit(root),
  machine: probeMachine(postgres),
  benches: entries,
};
const resultsDir = path.join(root, "bench", "results");
mkdirSync(resultsDir, { recursive: true });
const resultFile = path.join(resultsDir, `${run.date}.json`);
const merged = mergeRun(
  readResults(resultsDir).find((r) => r.date === run.date),
  run,
);
const format = async (text: string, file: string) =>
  prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
writeFileSync(resultFile, await format(JSON.stringify(merged, null, 2), resultFile));
const readme = path.join(root, "bench", "README.md");
writeFileSync(readme, await format(renderReadme(readResults(resultsDir)), readme));
rmSync(fragmentsDir, { recursive: true, force: true });
console.info(
  `\n${files.length - failed} of ${files.length} benchmarks finished in ${run.seconds.toFixed(0)} s` +
    `${buildSeconds ? ` (plus ${buildSeconds.toFixed(0)} s of next build)` : ""}; ` +
    `results in ${path.relative(root, resultFile)}, bench/README.md regenerated.`,
);
process.exit(failed ? 1 : 0);
