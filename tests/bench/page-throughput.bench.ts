// Page throughput of the production app: the contacts page (signed in as the demo owner of maple-realty) against
// `/login` (no database work) on the same `next start` server, at 1, 8 and 32 concurrent clients, each level a
// closed loop for a bounded time (quick 2 s, full 5 s) — p50 / p95 / p99 latency and requests per second, and the
// contacts page's share of the no-DB page's throughput (issue 15: 0.15–0.17×, p95 193 ms at 8 concurrent).
import { quick, percentile, printTable, ratio, sized, writeResult, type Cell } from "./report";
import { DEMO_PASSWORD } from "../../scripts/lib/demo-data";
import { ensureBuild, ensureDemoData, signIn, startApp, type App } from "./support/app";

const SECONDS = sized(2, 5);
const LEVELS = [1, 8, 32];
const env = { ...process.env };

interface Level {
  latencies: number[];
  errors: number;
  seconds: number;
}

async function load(url: string, cookie: string | undefined, concurrency: number): Promise<Level> {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const until = t0 + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      try {
        const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
        await res.arrayBuffer();
        if (res.status === 200) latencies.push(performance.now() - t);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, errors, seconds: (performance.now() - t0) / 1000 };
}

async function main() {
  ensureBuild(env);
  await ensureDemoData(env);
  let app: App | undefined;
  try {
    app = await startApp(env);
    const { cookie } = await signIn(env, "owner@hearth.test", DEMO_PASSWORD);
    const pages: Array<[string, string, string | undefined]> = [
      ["/login (no DB, baseline)", `${app.url}/login`, undefined],
      ["contacts page", `${app.url}/maple-realty/crm/contacts`, cookie],
    ];
    for (const [, url, c] of pages) for (let i = 0; i < 5; i++) await load(url, c, 1).catch(() => undefined);

    const rows: Cell[][] = [];
    let p95At8 = Number.NaN;
    const shares: string[] = [];
    for (const concurrency of LEVELS) {
      const [base, page] = [
        await load(pages[0]![1], undefined, concurrency),
        await load(pages[1]![1], cookie, concurrency),
      ];
      const rps = (l: Level) => l.latencies.length / l.seconds;
      for (const [[name], l] of [
        [pages[0]!, base],
        [pages[1]!, page],
      ] as const) {
        rows.push([
          concurrency,
          name,
          `${percentile(l.latencies, 50).toFixed(0)} / ${percentile(l.latencies, 95).toFixed(0)} / ${percentile(l.latencies, 99).toFixed(0)} ms`,
          rps(l).toFixed(1),
          l === base ? "×1.00" : ratio(rps(page), rps(base)),
          l.errors,
        ]);
      }
      if (concurrency === 8) p95At8 = percentile(page.latencies, 95);
      shares.push(`${concurrency}: ${ratio(rps(page), rps(base))}`);
    }
    const table = {
      title: `Same server, ${SECONDS} s closed loop per level and page`,
      columns: [
        "concurrency",
        "page",
        "p50 / p95 / p99",
        "req/s",
        "throughput vs /login",
        "non-200 or errors",
      ],
      rows,
    };
    printTable(table);
    writeResult({
      title: "Page throughput: the contacts page vs a page without database work",
      quick,
      params: { secondsPerLevel: SECONDS, levels: LEVELS },
      tables: [table],
      notes: [
        `Issue 15 before: the contacts page at 0.15–0.17× of /login's throughput, p95 193 ms at 8 concurrent. This run: ${shares.join(", ")} (by concurrency); p95 ${p95At8.toFixed(0)} ms at 8.`,
        "Both pages on one `next start` of the production build, requested from this process over 127.0.0.1 with keep-alive; the client shares the 2 cores with the server and Postgres.",
      ],
    });
  } finally {
    await app?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
