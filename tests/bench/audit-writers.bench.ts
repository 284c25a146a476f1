// Benchmark (not part of npm test): 16 writers in ONE organization against 16 writers spread over 16
// organizations — same writers, same work, fixed duration. Each writer is its own connection doing what a server
// action does: a tenant-context transaction (claims, organization, user and role hearth_app set in one statement),
// insert a contact, append its audit entry through private.append_audit_many, commit. The app's sealer runs beside
// them (every AUDIT_SEAL_INTERVAL_MS, default 1 s) as it does in the server. Reports each throughput and the ratio
// one-org / spread (issue 15's target: ≥ 0.9), the share of backends waiting on a lock, and — measured in the same
// run on fresh organizations — the same pair with the chain trigger before decision 0028 (the head row locked until
// commit). No absolute thresholds.
//
//   npm run bench -- audit-writers [--quick]
//   DATABASE_URL=postgres://… npx tsx --conditions=react-server tests/bench/audit-writers.bench.ts
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { writeResult } from "./report";
import { startStackProcess, type StackProcess } from "../support/stack-process";

const QUICK = process.env.BENCH_QUICK === "1";
const WRITERS = 16;
// Short runs, alternated, and the median of the paired ratios: the machine is shared, and a burst of other work
// should hit one pair, not decide the result.
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 6));
const ROUNDS = QUICK ? 4 : 5;
const SEAL_INTERVAL_MS = Number(process.env.AUDIT_SEAL_INTERVAL_MS ?? 1000);
const root = path.resolve(import.meta.dirname, "..", "..");

let stack: StackProcess | undefined;
let url = process.env.DATABASE_URL;
if (!url) {
  console.info("[bench] starting a throwaway stack…");
  stack = await startStackProcess();
  url = stack.env.DATABASE_URL!;
}
const owner = new pg.Pool({ connectionString: url, max: 4 });

interface Member {
  userId: string;
  email: string;
}
interface Org {
  id: string;
}

async function createUsers(n: number): Promise<Member[]> {
  const users: Member[] = [];
  for (let i = 0; i < n; i++) {
    const userId = randomUUID();
    const email = `bench-writer-${userId.slice(0, 8)}@example.test`;
    await owner.query(`insert into public.users (id, email, name) values ($1, $2, $3)`, [
      userId,
      email,
      `Writer ${i}`,
    ]);
    users.push({ userId, email });
  }
  return users;
}

async function createOrg(label: string): Promise<Org> {
  const { rows } = await owner.query<{ id: string }>(
    `insert into public.organizations (name, slug) values ($1, $2) returning id`,
    [`Bench ${label}`, `bench-${label}-${randomUUID().slice(0, 8)}`],
  );
  await owner.query(
    `insert into public.subscriptions (organization_id, tier, status) values ($1, 'GROWTH', 'ACTIVE')`,
    [rows[0]!.id],
  );
  return rows[0]!;
}

async function join(org: Org, m: Member, role: "OWNER" | "ADMIN") {
  await owner.query(
    `insert into public.organization_members (organization_id, user_id, role, accepted_at) values ($1, $2, $3, now())`,
    [org.id, m.userId, role],
  );
}

/** Writer i's transactions until `until`; returns how many committed. */
async function writer(client: pg.Client, m: Member, org: Org, until: number): Promise<number> {
  const claims = JSON.stringify({ sub: m.userId, email: m.email, role: "authenticated" });
  let n = 0;
  while (Date.now() < until) {
    await client.query("begin");
    try {
      await client.query(
        `select set_config('request.jwt.claims', $1, true), set_config('app.organization_id', $2, true),
                set_config('app.user_id', $3, true), set_config('role', 'hearth_app', true)`,
        [claims, org.id, m.userId],
      );
      const { rows } = await client.query<{ id: string }>(
        `insert into public.contacts (organization_id, name, created_by) values ($1, $2, $3) returning id`,
        [org.id, `Contact ${n}`, m.userId],
      );
      const entries = [
        {
          action: "contact.created",
          entityType: "contact",
          entityId: rows[0]!.id,
          newValues: { name: `Contact ${n}` },
        },
      ];
      await client.query(`select id from private.append_audit_many($1::uuid, $2::jsonb) as id`, [
        org.id,
        JSON.stringify(entries),
      ]);
      await client.query("commit");
      n++;
    } catch (err) {
      await client.query("rollback");
      throw err;
    }
  }
  return n;
}

interface RunResult {
  tps: number;
  commits: number;
  lockWaitShare: number;
  sealed: number;
  /** What the writers' backends waited on, summed over samples ("Lock:transactionid", "LWLock:…", "IO:…"). */
  waits: Map<string, number>;
  samples: number;
}

async function run(
  clients: pg.Client[],
  assignment: Array<[Member, Org]>,
  seal: boolean,
): Promise<RunResult> {
  const until = Date.now() + SECONDS * 1000;
  let samples = 0;
  let waiting = 0;
  let sealed = 0;
  const waits = new Map<string, number>();
  const sampler = setInterval(() => {
    void owner
      .query<{ what: string; n: number }>(
        `select wait_event_type || ':' || wait_event as what, count(*)::int as n from pg_stat_activity
          where wait_event_type in ('Lock', 'LWLock', 'IO') and pid = any($1::int[]) group by 1`,
        [clients.map((c) => (c as unknown as { processID: number }).processID)],
      )
      .then((r) => {
        samples++;
        for (const row of r.rows) {
          waits.set(row.what, (waits.get(row.what) ?? 0) + row.n);
          if (row.what.startsWith("Lock:")) waiting += row.n;
        }
      });
  }, 100);
  let sealing = Promise.resolve();
  const sealer = seal
    ? setInterval(() => {
        sealing = sealing.then(async () => {
          const r = await owner.query<{ n: number }>("select private.seal_audit_chain() as n");
          sealed += r.rows[0]!.n;
        });
      }, SEAL_INTERVAL_MS)
    : undefined;
  const started = Date.now();
  const counts = await Promise.all(
    clients.map((c, i) => writer(c, assignment[i]![0], assignment[i]![1], until)),
  );
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(sampler);
  if (sealer) clearInterval(sealer);
  await sealing;
  const commits = counts.reduce((a, b) => a + b, 0);
  return {
    tps: commits / elapsed,
    commits,
    lockWaitShare: samples ? waiting / samples / clients.length : 0,
    sealed,
    waits,
    samples,
  };
}

const oldTriggerSql = () => {
  // The chain trigger as it was before decision 0028 (migration 20261206000100 with the commit-time head update of
  // 20261122003100): the organization's head row locked from the first entry until commit.
  const m = readFileSync(
    path.join(root, "supabase/migrations/20261206000100_authorization_model.sql"),
    "utf8",
  );
  const start = m.indexOf("create or replace function private.audit_chain_link()");
  const fn = m.slice(start, m.indexOf("$$;", start) + 3);
  const b = readFileSync(
    path.join(root, "supabase/migrations/20261122003100_audit_chain_batched.sql"),
    "utf8",
  );
  return `${fn}\n${b.slice(b.indexOf("drop trigger if exists transaction_audit_logs_chain_flush"))}`;
};
const restoreSql = () =>
  readFileSync(path.join(root, "supabase/migrations/20261206003100_audit_chain_sealer.sql"), "utf8");

const fmt = (x: number) => `×${x.toFixed(2)}`;
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

try {
  console.info(
    `[bench] ${WRITERS} writers, ${SECONDS} s per run, ${ROUNDS} round(s)${QUICK ? " (quick)" : ""}`,
  );
  const users = await createUsers(WRITERS);
  const setup = async (label: string) => {
    const orgs: Org[] = [];
    for (let i = 0; i < WRITERS; i++) orgs.push(await createOrg(`${label}${i}`));
    for (let i = 0; i < WRITERS; i++) await join(orgs[i]!, users[i]!, "OWNER");
    for (let i = 1; i < WRITERS; i++) await join(orgs[0]!, users[i]!, "ADMIN");
    return {
      one: users.map((u): [Member, Org] => [u, orgs[0]!]),
      spread: users.map((u, i): [Member, Org] => [u, orgs[i]!]),
    };
  };
  const now = await setup("w");
  const clients = await Promise.all(
    users.map(async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );

  const total = (rs: RunResult[]) => {
    const waits = new Map<string, number>();
    for (const r of rs) for (const [k, v] of r.waits) waits.set(k, (waits.get(k) ?? 0) + v);
    const samples = rs.reduce((a, r) => a + r.samples, 0);
    return {
      tps: rs.reduce((a, r) => a + r.tps, 0) / rs.length,
      commits: rs.reduce((a, r) => a + r.commits, 0),
      lockWaitShare: rs.reduce((a, r) => a + r.lockWaitShare, 0) / rs.length,
      sealed: rs.reduce((a, r) => a + r.sealed, 0),
      /** The most frequent waits, as the average number of the 16 backends waiting on each. */
      topWaits: [...waits]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([k, v]) => `${k} ${(v / Math.max(samples, 1)).toFixed(1)}`)
        .join(", "),
    };
  };
  // Warm-up, then alternate so drift (autovacuum, caches) hits both sides alike.
  await run(clients, now.spread, true);
  const spreadRuns: RunResult[] = [];
  const oneRuns: RunResult[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    spreadRuns.push(await run(clients, now.spread, true));
    oneRuns.push(await run(clients, now.one, true));
  }
  const spread = total(spreadRuns);
  const one = total(oneRuns);
  const median = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  };
  const pairRatios = (o: RunResult[], sp: RunResult[]) => o.map((r, i) => r.tps / sp[i]!.tps);
  const sealStart = Date.now();
  const left = (await owner.query<{ n: number }>("select private.seal_audit_chain() as n")).rows[0]!.n;
  const finalSealMs = Date.now() - sealStart;

  // The old trigger, same writers, fresh organizations (its per-organization numbering must not meet the new one).
  let old: { spread: ReturnType<typeof total>; one: ReturnType<typeof total>; ratio: number } | null = null;
  if (process.env.BENCH_OLD_TRIGGER !== "0") {
    const before = await setup("o");
    await owner.query(oldTriggerSql());
    try {
      const s: RunResult[] = [];
      const o: RunResult[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        s.push(await run(clients, before.spread, false));
        o.push(await run(clients, before.one, false));
      }
      old = { spread: total(s), one: total(o), ratio: median(pairRatios(o, s)) };
    } finally {
      await owner.query(restoreSql());
    }
  }
  await Promise.all(clients.map((c) => c.end()));

  const ratios = pairRatios(oneRuns, spreadRuns);
  const ratio = median(ratios);
  const rows: (string | number)[][] = [
    [
      "16 writers spread over 16 organizations (baseline)",
      Math.round(spread.tps),
      "×1.00",
      pct(spread.lockWaitShare),
    ],
    ["16 writers in one organization", Math.round(one.tps), fmt(ratio), pct(one.lockWaitShare)],
  ];
  if (old) {
    rows.push(
      ["before 0028: spread", Math.round(old.spread.tps), "×1.00", pct(old.spread.lockWaitShare)],
      ["before 0028: one organization", Math.round(old.one.tps), fmt(old.ratio), pct(old.one.lockWaitShare)],
    );
  }
  console.info("");
  console.table(
    rows.map(([what, tps, r, wait]) => ({
      what,
      "tx/s": tps,
      "vs spread (same trigger)": r,
      "backends waiting on a lock": wait,
    })),
  );
  console.info(
    `one-org / spread: ${fmt(ratio)} (target ≥ ×0.90)${old ? `; before 0028: ${fmt(old.ratio)}` : ""} — pairs: ${ratios.map(fmt).join(", ")}`,
  );
  console.info(
    `sealer: ${spread.sealed + one.sealed} entries sealed during the runs, ${left} left at the end, sealed in ${finalSealMs} ms`,
  );
  const waitNotes = [
    `Waits (avg backends of 16) — spread: ${spread.topWaits || "none"}; one organization: ${one.topWaits || "none"}` +
      (old ? `; before 0028, one organization: ${old.one.topWaits || "none"}` : ""),
  ];
  console.info(waitNotes[0]);

  if (process.env.BENCH_RESULTS_DIR) {
    const notes = [
      `one-org / spread is the median of ${ROUNDS} alternated pairs: ${ratios.map(fmt).join(", ")}; the table shows mean tx/s.`,
      "Each writer: its own connection; per transaction one tenant-setup statement, insert contact, private.append_audit_many, commit.",
      `The sealer ran every ${SEAL_INTERVAL_MS} ms during the runs; ${left} entries were still unsealed at the end and took ${finalSealMs} ms to seal.`,
    ];
    notes.push(...waitNotes);
    if (old)
      notes.push(
        `Before decision 0028 (head row locked until commit), one-org / spread was ${fmt(old.ratio)} in the same run.`,
      );
    writeResult({
      title: "Audit chain: 16 writers in one organization vs spread over 16",
      quick: QUICK,
      params: {
        writers: WRITERS,
        secondsPerRun: SECONDS,
        rounds: ROUNDS,
        sealIntervalMs: SEAL_INTERVAL_MS,
      },
      tables: [
        {
          title: "Writer throughput (ratio to 16 writers spread over 16 organizations, same trigger)",
          columns: ["what", "tx/s", "vs spread (same trigger)", "backends waiting on a lock"],
          rows,
        },
      ],
      targets: [
        {
          what: "16 writers in one organization vs spread over 16",
          target: "≥ ×0.90",
          measured: fmt(ratio),
          met: ratio >= 0.9,
        },
      ],
      notes,
    });
  }
} finally {
  await owner.end();
  if (stack) {
    await stack.stop();
    stack.remove();
  }
}
