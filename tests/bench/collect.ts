// The collector side of the benchmark contract: run.ts gathers every fragment a run wrote into
// bench/results/<date>.json (with the machine and the run), and bench/README.md is rendered from the latest result
// of every benchmark across those files. Pure functions apart from the machine probe, so a unit test can hold them.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchFragment, Cell } from "./report";

export interface Machine {
  cpu: string;
  cpus: number;
  ramGb: number;
  os: string;
  node: string;
  postgres: string;
}

export interface BenchEntry extends BenchFragment {
  /** When this benchmark finished (ISO) and how long it took. */
  ranAt: string;
  /** The run it belongs to (RunInfo.startedAt). */
  run?: string;
  seconds: number;
  /** Did it exit 0? A failed benchmark keeps what it wrote before failing, if anything. */
  ok: boolean;
}

/** One `npm run bench` invocation: a day's file holds every run whose results it keeps. */
export interface RunInfo {
  startedAt: string;
  mode: "quick" | "full";
  seconds: number;
  buildSeconds?: number;
  commit: string;
  benches: string[];
}

export interface RunResult {
  /** Every run of the day, oldest first (the top-level fields describe the latest). */
  runs?: RunInfo[];
  date: string;
  startedAt: string;
  mode: "quick" | "full";
  seconds: number;
  /** A `next build` made before the benchmarks (not in `seconds`); 0 when the build was fresh. */
  buildSeconds?: number;
  commit: string;
  machine: Machine;
  benches: Record<string, BenchEntry>;
}

/** The machine the run is on; the Postgres version comes from the caller (it needs a connection). */
export function probeMachine(postgres: string): Machine {
  const cpus = os.cpus();
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync("/etc/os-release", "utf8"));
    if (pretty) osName = `${pretty[1]} (${os.type()} ${os.release()})`;
  } catch {
    // not Linux: type and release are enough
  }
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cpus: cpus.length,
    ramGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName,
    node: process.version,
    postgres,
  };
}

/** HEAD's short hash, with "+changes" when the work tree differs from it (outside bench/, which runs rewrite). */
export function gitCommit(cwd: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd, encoding: "utf8" }).trim();
    const dirty = execFileSync(
      "git",
      ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench"],
      {
        cwd,
        encoding: "utf8",
      },
    ).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return "unknown";
  }
}

/** Reads every fragment a run wrote (the files run.ts's BENCH_RESULTS_DIR holds). */
export function readFragments(dir: string): Record<string, BenchFragment> {
  const out: Record<string, BenchFragment> = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    out[f.replace(/\.json$/, "")] = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as BenchFragment;
  }
  return out;
}

/** Every result file, oldest first. */
export function readResults(resultsDir: string): RunResult[] {
  if (!existsSync(resultsDir)) return [];
  return readdirSync(resultsDir)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(resultsDir, f), "utf8")) as RunResult);
}

/**
 * A run merged into the day's file: the benchmarks it ran replace theirs, the others of that day stay (a filtered
 * `npm run bench -- crm` keeps the rest). The machine, commit and mode are the latest run's; each entry has its own
 * time and mode.
 */
export function mergeRun(previous: RunResult | undefined, run: RunResult): RunResult {
  const own = runsOf(run);
  if (!previous || previous.date !== run.date) return { ...run, runs: own };
  return { ...run, runs: [...runsOf(previous), ...own], benches: { ...previous.benches, ...run.benches } };
}

/** The runs a result holds (a file written before runs were recorded: its top-level run). */
export function runsOf(result: RunResult): RunInfo[] {
  if (result.runs?.length) return result.runs;
  return [
    {
      startedAt: result.startedAt,
      mode: result.mode,
      seconds: result.seconds,
      buildSeconds: result.buildSeconds,
      commit: result.commit,
      benches: Object.keys(result.benches),
    },
  ];
}

/** The latest entry of every benchmark across result files (oldest first), with the run it came from. */
export function latestEntries(
  results: RunResult[],
): Array<{ name: string; entry: BenchEntry; run: RunResult }> {
  const latest = new Map<string, { entry: BenchEntry; run: RunResult }>();
  for (const run of results) {
    for (const [name, entry] of Object.entries(run.benches)) {
      const seen = latest.get(name);
      if (!seen || seen.entry.ranAt <= entry.ranAt) latest.set(name, { entry, run });
    }
  }
  return [...latest.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, v]) => ({ name, ...v }));
}

const escapeCell = (c: Cell) => String(c).replace(/\|/g, "\\|").replace(/\n/g, " ");

export function markdownTable(columns: string[], rows: Cell[][]): string {
  const line = (cells: Cell[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [
    line(columns),
    line(columns.map(() => "---")),
    ...rows.map((r) => line(columns.map((_, i) => r[i] ?? ""))),
  ].join("\n");
}

export const describeMachine = (m: Machine) =>
  `${m.cpus} × ${m.cpu}, ${m.ramGb} GB RAM, ${m.os}, Node ${m.node}, ${m.postgres}`;

/** bench/README.md: how to run, the machine, the targets, then every benchmark's latest tables. */
export function renderReadme(results: RunResult[]): string {
  const entries = latestEntries(results);
  const out: string[] = [
    "# Benchmark results",
    "",
    "<!-- Generated by `npm run bench` (tests/bench/run.ts → tests/bench/collect.ts) from bench/results/*.json: do not edit. -->",
    "",
    "`npm run bench` (full, under 15 minutes on 2 cores) or `npm run bench -- --quick` (smaller sizes, under 3 minutes)",
    "starts one fresh local stack, runs every `tests/bench/*.bench.ts` against it (`npm run bench -- <name>` runs the",
    "matching ones), writes `bench/results/<date>.json` and renders this file. Every figure is a ratio to a baseline",
    "measured in the same run (absolute values next to it are for reading, never asserted); everything runs on",
    "127.0.0.1.",
    "",
  ];
  if (entries.length === 0) return [...out, "No results yet: run `npm run bench`.", ""].join("\n");

  out.push("## Machine and runs", "");
  for (const file of [...new Set(entries.map((e) => e.run))]) {
    out.push(`${file.date}: ${describeMachine(file.machine)}.`, "");
    for (const info of runsOf(file)) {
      const names = entries
        .filter((e) => e.run === file && (e.entry.run ?? file.startedAt) === info.startedAt)
        .map((e) => `\`${e.name}\``);
      if (names.length === 0) continue;
      const build = info.buildSeconds ? ` (plus ${info.buildSeconds} s of \`next build\`)` : "";
      out.push(
        `- ${info.startedAt.slice(11, 16)} UTC, ${info.mode} run of ${info.seconds.toFixed(0)} s${build} at commit ` +
          `\`${info.commit}\`: ${names.join(", ")}.`,
      );
    }
    out.push("");
  }

  const targets = entries.flatMap(({ name, entry }) =>
    (entry.targets ?? []).map((t) => [t.what, t.target, t.measured, t.met ? "yes" : "**no**", `\`${name}\``]),
  );
  if (targets.length) {
    out.push("## Targets", "", markdownTable(["target", "goal", "measured", "met", "bench"], targets), "");
  }

  for (const { name, entry } of entries) {
    const when = `${entry.ranAt.slice(0, 16).replace("T", " ")} UTC, ${entry.quick ? "quick" : "full"}, ${entry.seconds.toFixed(0)} s`;
    out.push(`## ${entry.title}`, "", `\`npm run bench -- ${name}\` — ${when}.`, "");
    if (!entry.ok)
      out.push("**This benchmark did not finish in its latest run**; what it reported is below.", "");
    const params = Object.entries(entry.params ?? {});
    if (params.length) {
      out.push(`Parameters: ${params.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(", ")}.`, "");
    }
    for (const table of entry.tables ?? []) {
      out.push(`### ${table.title}`, "", markdownTable(table.columns, table.rows), "");
    }
    if (entry.notes?.length) {
      out.push(...entry.notes.map((n) => `- ${n}`), "");
    }
  }
  return out.join("\n");
}
