// What every tests/bench/*.bench.ts reports (the contract in bench/README.md → "How results are collected"): a
// fragment with its tables, targets and notes, written to $BENCH_RESULTS_DIR/<bench name>.json when run by
// tests/bench/run.ts. Plus the small helpers the benches share: quick mode, percentiles, ratios.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Cell = string | number;

export interface BenchTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface BenchTarget {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchFragment {
  title: string;
  quick: boolean;
  params: Record<string, unknown>;
  tables: BenchTable[];
  targets?: BenchTarget[];
  notes?: string[];
}

/** `npm run bench -- --quick`: smaller sizes and fewer seconds (all benchmarks together < 3 minutes). */
export const quick = process.env.BENCH_QUICK === "1";

/** Picks the quick or the full value of a size. */
export const sized = <T>(quickValue: T, fullValue: T): T => (quick ? quickValue : fullValue);

/** A benchmark's name: its file name without .bench.ts. */
export function benchName(file = process.argv[1] ?? "bench"): string {
  return path.basename(file).replace(/\.bench\.[cm]?[jt]s$/, "");
}

/** Writes the fragment where run.ts collects it (nothing when run standalone); returns the path written. */
export function writeResult(fragment: BenchFragment, name = benchName()): string | undefined {
  const dir = process.env.BENCH_RESULTS_DIR;
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(fragment, null, 2)}\n`);
  return file;
}

/** "×1.23" (two decimals below 10, one below 100, none above). */
export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0) return "–";
  const r = value / baseline;
  return `×${r.toFixed(r < 10 ? 2 : r < 100 ? 1 : 0)}`;
}

/** The p-th percentile (0–100) of samples, nearest rank; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Milliseconds for reading: "12.3 ms". */
export const ms = (v: number, digits = 1) => `${v.toFixed(digits)} ms`;

/** Prints a table the way the README shows it (for the console). */
export function printTable(table: BenchTable): void {
  const cells = [table.columns, ...table.rows.map((r) => r.map(String))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  console.info(`\n${table.title}`);
  for (const row of cells) console.info(`  ${row.map((c, i) => String(c).padEnd(widths[i]!)).join("  ")}`);
}

/** Runs fn `runs` times after `warmup` calls; returns its samples in ms. */
export async function sample(fn: () => Promise<unknown>, runs: number, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}
