// The benchmark collector: a filtered run keeps the day's other results, the README shows each benchmark's latest
// entry with its tables and every target (unmet ones stand out), and the helpers format ratios and percentiles.
import { describe, expect, it } from "vitest";
import {
  latestEntries,
  markdownTable,
  mergeRun,
  renderReadme,
  type BenchEntry,
  type RunResult,
} from "../bench/collect";
import { percentile, ratio } from "../bench/report";

const machine = {
  cpu: "Test CPU",
  cpus: 2,
  ramGb: 8,
  os: "Linux",
  node: "v24.0.0",
  postgres: "PostgreSQL 17.10",
};

function entry(title: string, ranAt: string, extra: Partial<BenchEntry> = {}): BenchEntry {
  return {
    title,
    quick: false,
    params: { rows: 10 },
    tables: [{ title: `${title} table`, columns: ["what", "ratio"], rows: [["a|b", "×1.50"]] }],
    ranAt,
    seconds: 3,
    ok: true,
    ...extra,
  };
}

function run(
  date: string,
  benches: Record<string, BenchEntry>,
  commit = "abc",
  startedAt = `${date}T10:00:00.000Z`,
): RunResult {
  for (const e of Object.values(benches)) e.run = startedAt;
  return {
    date,
    startedAt,
    mode: "full",
    seconds: 60,
    commit,
    machine,
    benches,
  };
}

describe("bench collector", () => {
  it("a filtered run replaces only its benchmarks in the day's file", () => {
    const morning = run("2026-12-06", {
      one: entry("One", "2026-12-06T10:00:00Z"),
      two: entry("Two", "2026-12-06T10:01:00Z"),
    });
    const later = run(
      "2026-12-06",
      { two: entry("Two again", "2026-12-06T11:00:00Z") },
      "def",
      "2026-12-06T10:59:00.000Z",
    );
    const merged = mergeRun(morning, later);
    expect(Object.keys(merged.benches).sort()).toEqual(["one", "two"]);
    expect(merged.benches.two!.title).toBe("Two again");
    expect(merged.commit).toBe("def");
    expect(merged.runs!.map((r) => [r.commit, r.benches])).toEqual([
      ["abc", ["one", "two"]],
      ["def", ["two"]],
    ]);
    // Each benchmark is listed under the run it came from.
    const md = renderReadme([merged]);
    expect(md).toContain("- 10:00 UTC, full run of 60 s at commit `abc`: `one`.");
    expect(md).toContain("- 10:59 UTC, full run of 60 s at commit `def`: `two`.");
    // Another day starts a new file.
    expect(Object.keys(mergeRun(morning, run("2026-12-07", {})).benches)).toEqual([]);
  });

  it("the README shows each benchmark's latest entry, its tables, and every target", () => {
    const older = run("2026-12-05", {
      one: entry("One old", "2026-12-05T10:00:00Z"),
      gone: entry("Only yesterday", "2026-12-05T10:00:00Z"),
    });
    const newer = run("2026-12-06", {
      one: entry("One new", "2026-12-06T10:00:00Z", {
        targets: [
          { what: "statements per page", target: "≤ 10", measured: "33", met: false },
          { what: "count under RLS", target: "≤ ×1.2", measured: "×0.82", met: true },
        ],
        notes: ["measured through a proxy"],
      }),
    });
    expect(latestEntries([older, newer]).map((e) => [e.name, e.entry.title])).toEqual([
      ["gone", "Only yesterday"],
      ["one", "One new"],
    ]);
    const md = renderReadme([older, newer]);
    expect(md).toContain("## One new");
    expect(md).not.toContain("One old");
    expect(md).toContain("## Only yesterday");
    expect(md).toContain("| statements per page | ≤ 10 | 33 | **no** | `one` |");
    expect(md).toContain("| count under RLS | ≤ ×1.2 | ×0.82 | yes | `one` |");
    expect(md).toContain("| a\\|b | ×1.50 |");
    expect(md).toContain("- measured through a proxy");
    expect(md).toContain("2 × Test CPU, 8 GB RAM, Linux, Node v24.0.0, PostgreSQL 17.10");
    expect(md).toContain("Parameters: rows = 10.");
  });

  it("a benchmark that did not finish says so", () => {
    const md = renderReadme([run("2026-12-06", { x: entry("X", "2026-12-06T10:00:00Z", { ok: false }) })]);
    expect(md).toContain("did not finish");
  });

  it("tables pad missing cells and formats hold", () => {
    expect(markdownTable(["a", "b"], [["1"]])).toBe("| a | b |\n| --- | --- |\n| 1 |  |");
    expect(ratio(3, 2)).toBe("×1.50");
    expect(ratio(58, 1)).toBe("×58.0");
    expect(ratio(1, 0)).toBe("–");
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10)).toBe(1);
  });
});
