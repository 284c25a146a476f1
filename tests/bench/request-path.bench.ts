// Round trips per request, counted at the database's door: the production app (`next build` once, `next start`)
// talks to Postgres through a counting proxy (support/pg-counter.ts: every statement and every transaction the app
// sends, nothing from the platform's own connections), signed in as the demo owner of maple-realty (the data of
// `npm run db:seed`). Each page family is requested, and "create contact" is posted as the browser's form posts it
// (a server action request); the same action is also run in-process — the lazy user sync, authorizeUser() and the
// service the action calls — through the same proxy, so its three parts can be told apart.
// Baseline: one hand-written statement per page or action (ratio = statements / 1). Compared with issue 15's table
// and its targets. Counts, not times: the median of a few requests (quick 3, full 5) after one warm-up.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { DEMO_PASSWORD } from "../../scripts/lib/demo-data";
import {
  quick,
  sized,
  writeResult,
  printTable,
  type BenchTable,
  type BenchTarget,
  type Cell,
} from "./report";
import { actionId, ensureBuild, ensureDemoData, signIn, startApp, type App } from "./support/app";
import { isControl, slice, startPgCounter, type Counted, type PgCounter } from "./support/pg-counter";

const RUNS = sized(3, 5);
const ORG = "maple-realty";
const OWNER = "owner@hearth.test";
const env = { ...process.env } as Record<string, string>;

interface Count {
  statements: number;
  control: number;
  transactions: number;
  /** Of the transactions, those opened with BEGIN (the others are one statement's implicit transaction). */
  explicit: number;
  sync: number;
  ms: number;
}

/** The user sync of current-user.ts: one statement per request that checks the session and upserts the user. */
const isSync = (sql: string) => /from auth\.sessions/i.test(sql);

function summarize(c: Counted, ms: number): Count {
  const control = c.statements.filter(isControl).length;
  return {
    statements: c.statements.length - control,
    control,
    transactions: new Set(c.txOf).size,
    explicit: c.statements.filter((s) => /^\s*(begin|start transaction)\b/i.test(s)).length,
    sync: c.statements.filter(isSync).length,
    ms,
  };
}

/** Waits until no statement arrived for 150 ms (work that finishes after the response, e.g. after()). */
async function quiet(counter: PgCounter) {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const n = counter.snapshot().statements.length;
    if (n === last) return;
    last = n;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The median request by statement count (counts barely vary; the median ignores a stray cache miss). */
async function measure(counter: PgCounter, run: () => Promise<void>): Promise<Count & { sample: Counted }> {
  await run(); // warm-up: first render of the route, caches
  const out: Array<Count & { sample: Counted }> = [];
  for (let i = 0; i < RUNS; i++) {
    await quiet(counter);
    counter.reset();
    const t0 = performance.now();
    await run();
    const ms = performance.now() - t0;
    await quiet(counter);
    const c = counter.snapshot();
    out.push({ ...summarize(c, ms), sample: c });
  }
  out.sort((a, b) => a.statements - b.statements || a.transactions - b.transactions);
  return out[Math.floor(out.length / 2)]!;
}

/** The action's three steps in-process (the app's modules read DATABASE_URL, here the proxy, on first use). */
async function measureInProcess(
  counter: PgCounter,
  proxied: Record<string, string>,
  claims: Record<string, unknown>,
) {
  process.env.DATABASE_URL = proxied.DATABASE_URL;
  if (proxied.DIRECT_URL) process.env.DIRECT_URL = proxied.DIRECT_URL;
  const { syncUserFromClaims } = await import("@/lib/auth/current-user");
  const { authorizeUser } = await import("@/lib/auth/authorize");
  const { createContact } = await import("@/lib/modules/crm/services/contacts");
  const parts = { sync: [] as Count[], authorize: [] as Count[], service: [] as Count[] };
  const part = async <T>(into: Count[], fn: () => Promise<T>): Promise<T> => {
    await quiet(counter);
    counter.reset();
    const t0 = performance.now();
    const result = await fn();
    const ms = performance.now() - t0;
    into.push(summarize(counter.snapshot(), ms));
    return result;
  };
  for (let i = 0; i <= RUNS; i++) {
    const user = await part(parts.sync, () => syncUserFromClaims(claims));
    if (!user) throw new Error("the signed-in session did not sync");
    const ctx = await part(parts.authorize, () =>
      authorizeUser(user, { organization: ORG, permission: "contacts:write" }),
    );
    const tag = randomUUID().slice(0, 8);
    await part(parts.service, () =>
      createContact(ctx, { organization: ORG, name: `Bench ${tag}`, email: `bench-${tag}@example.test` }),
    );
  }
  const median = (xs: Count[]) => {
    const sorted = xs.slice(1).sort((a, b) => a.statements - b.statements);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const sync = median(parts.sync);
  const authorize = median(parts.authorize);
  const service = median(parts.service);
  const total: Count = {
    statements: sync.statements + authorize.statements + service.statements,
    control: sync.control + authorize.control + service.control,
    transactions: sync.transactions + authorize.transactions + service.transactions,
    explicit: sync.explicit + authorize.explicit + service.explicit,
    sync: sync.sync,
    ms: sync.ms + authorize.ms + service.ms,
  };
  return { total, sync, authorize, service };
}

async function main() {
  const buildSeconds = ensureBuild(env);
  const seedSeconds = await ensureDemoData(env);
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const one = async (sql: string) => ((await db.query<{ id: string }>(sql, [ORG])).rows[0] ?? { id: "" }).id;
  const contactId = await one(
    "select c.id from public.contacts c join public.organizations o on o.id = c.organization_id where o.slug = $1 order by c.created_at limit 1",
  );
  const dealId = await one(
    "select d.id from public.deals d join public.organizations o on o.id = d.organization_id where o.slug = $1 order by d.created_at limit 1",
  );
  const loopId = await one(
    "select l.id from public.transaction_loops l join public.organizations o on o.id = l.organization_id where o.slug = $1 order by l.created_at limit 1",
  );
  await db.end();

  const counter = await startPgCounter(env.DATABASE_URL!);
  const proxied = {
    ...env,
    DATABASE_URL: counter.url(env.DATABASE_URL!),
    ...(env.DIRECT_URL ? { DIRECT_URL: counter.url(env.DIRECT_URL) } : {}),
  };
  let app: App | undefined;
  try {
    app = await startApp(proxied);
    const session = await signIn(env, OWNER, DEMO_PASSWORD);
    const base = app.url;
    const get = (path: string) => async () => {
      const res = await fetch(`${base}${path}`, { headers: { cookie: session.cookie }, redirect: "manual" });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    };
    const pages: Array<[name: string, path: string, before?: string]> = [
      ["contacts page", `/${ORG}/crm/contacts`, "33 in 6"],
      ["a contact's page", `/${ORG}/crm/contacts/${contactId}`],
      ["deals pipeline", `/${ORG}/crm/deals`],
      ["a deal's page", `/${ORG}/crm/deals/${dealId}`],
      ["CRM dashboard", `/${ORG}/crm`],
      ["transactions list", `/${ORG}/transactions`],
      ["a loop's page", `/${ORG}/transactions/${loopId}`],
      ["dashboard (manager's view)", `/${ORG}/dashboard`, "59 in 10"],
    ];
    const pageCounts: Array<[string, string, string | undefined, Count & { sample: Counted }]> = [];
    for (const [name, path, before] of pages) {
      pageCounts.push([name, path, before, await measure(counter, get(path))]);
    }

    // "Create contact" posted as the browser does: a server action request (Next-Action header, the arguments
    // encoded as React encodes a plain object) on the page the dialog lives on.
    const createId = actionId("lib/modules/crm/actions/create-contact.ts", "createContactAction");
    const postCreate = async () => {
      const tag = randomUUID().slice(0, 8);
      const res = await fetch(`${base}/${ORG}/crm/contacts`, {
        method: "POST",
        headers: {
          cookie: session.cookie,
          "next-action": createId,
          "content-type": "text/plain;charset=UTF-8",
          accept: "text/x-component",
          origin: base,
        },
        body: JSON.stringify([
          {
            organization: ORG,
            name: `Bench ${tag}`,
            email: `bench-${tag}@example.test`,
            idempotencyKey: randomUUID(),
          },
        ]),
      });
      const text = await res.text();
      if (res.status !== 200 || !text.includes('"ok":true')) {
        throw new Error(`create contact answered ${res.status}: ${text.slice(0, 400)}`);
      }
    };
    const actionResponse = await measure(counter, postCreate);
    // The action's response also carries the page re-rendered after revalidation; it starts with that render's
    // own user sync (the second one of the request).
    const syncs = actionResponse.sample.statements.flatMap((s, i) => (isSync(s) ? [i] : []));
    const renderAt = syncs[1] ?? actionResponse.sample.statements.length;
    const actionE2e = summarize(slice(actionResponse.sample, 0, renderAt), actionResponse.ms);
    const rerender = summarize(slice(actionResponse.sample, renderAt), 0);

    const inProcess = await measureInProcess(counter, proxied, session.claims).catch((err: Error) => {
      console.error("[bench] the in-process measurement failed:", err);
      return `In-process measurement failed (${err.message.split("\n")[0]}); the end-to-end rows stand.`;
    });

    const fmt = (c: Count): Cell[] => [
      c.statements,
      c.statements + c.control,
      `${c.transactions} (${c.explicit} with BEGIN)`,
      `×${c.statements.toFixed(0)}`,
    ];
    const tables: BenchTable[] = [
      {
        title: `Pages: statements and transactions per request, GET as the signed-in owner (median of ${RUNS})`,
        columns: [
          "page",
          "path",
          "statements",
          "with BEGIN/COMMIT",
          "transactions",
          "vs one statement",
          "issue 15 (before)",
        ],
        rows: pageCounts.map(([name, path, before, c]) => [
          name,
          path.replace(ORG, ":org").replace(/[0-9a-f-]{36}/, ":id"),
          ...fmt(c),
          before ?? "",
        ]),
      },
      {
        title: `"Create contact": statements and transactions per action (median of ${RUNS})`,
        columns: [
          "measured",
          "statements",
          "with BEGIN/COMMIT",
          "transactions",
          "vs one statement",
          "issue 15 (before)",
        ],
        rows: [
          ["end to end: the action (server action request)", ...fmt(actionE2e), "17 in 4"],
          ["↳ plus the page re-rendered in the same response (revalidation)", ...fmt(rerender), ""],
          ...(typeof inProcess === "string"
            ? []
            : [
                ["in-process: sync + authorizeUser + service", ...fmt(inProcess.total), "17 in 4"],
                ["↳ of which the lazy user sync", ...fmt(inProcess.sync), "1 in 1"],
                ["↳ of which authorizeUser()", ...fmt(inProcess.authorize), "8 in 2"],
                ["↳ of which the service (createContact)", ...fmt(inProcess.service), "8"],
              ]),
        ],
      },
    ];
    const e2eBeyondSync = {
      statements: actionE2e.statements - actionE2e.sync,
      transactions: actionE2e.transactions - actionE2e.sync,
    };
    const byName = (n: string) => pageCounts.find(([name]) => name === n)![3];
    const contacts = byName("contacts page");
    const dashboard = byName("dashboard (manager's view)");
    const targets: BenchTarget[] = [
      {
        what: "create contact, end to end, beyond the lazy user sync (issue 15: 17 in 4)",
        target: "≤ 6 statements in 1 transaction",
        measured: `${e2eBeyondSync.statements} in ${e2eBeyondSync.transactions}`,
        met: e2eBeyondSync.statements <= 6 && e2eBeyondSync.transactions <= 1,
      },
      {
        what: "contacts page (issue 15: 33 in 6)",
        target: "≤ 10 statements in ≤ 2 transactions",
        measured: `${contacts.statements} in ${contacts.transactions}`,
        met: contacts.statements <= 10 && contacts.transactions <= 2,
      },
      {
        what: "dashboard, manager's view (issue 15: 59 in 10)",
        target: "≤ 16 statements in ≤ 2 transactions",
        measured: `${dashboard.statements} in ${dashboard.transactions}`,
        met: dashboard.statements <= 16 && dashboard.transactions <= 2,
      },
    ];
    for (const t of tables) printTable(t);
    console.info("\nStatements of one contacts page request:");
    for (const s of contacts.sample.statements) console.info(`  ${s.replace(/\s+/g, " ").slice(0, 160)}`);
    console.info("\nStatements of one create-contact request:");
    for (const s of actionResponse.sample.statements)
      console.info(`  ${s.replace(/\s+/g, " ").slice(0, 160)}`);
    writeResult({
      title: "Round trips per request: statements and transactions at the database",
      quick,
      params: {
        runs: RUNS,
        organization: ORG,
        user: OWNER,
        buildSeconds: Math.round(buildSeconds),
        seedSeconds: Math.round(seedSeconds),
      },
      tables,
      targets,
      notes: [
        "Counted by a proxy between `next start` (the production build) and Postgres that reads the wire protocol: a statement is a Query or an Execute message, a transaction ends at each ReadyForQuery back to idle after work (explicit BEGIN…COMMIT, or one statement's implicit transaction). Only the app's connections go through it; Supabase Auth's own queries (sign-in, JWKS) are not counted.",
        '"statements" leaves out BEGIN/COMMIT/ROLLBACK (shown with them in the next column); "transactions" counts explicit ones (BEGIN…COMMIT) and each statement sent outside one (its own implicit transaction). Targets compare these two columns.',
        "A server action that revalidates answers with the page re-rendered: that render is counted on its own row (it starts with the request's second user sync); the action's own work is what comes before it.",
        "Baseline: one hand-written statement can fetch user, membership, page, count and assignees (issue 15), so the ratio is the statement count.",
        "The action is a real server-action request (Next-Action header, React's encoding of the form's object) posted on the contacts page; in-process it is the same three steps with the session's claims.",
        ...(typeof inProcess === "string" ? [inProcess] : []),
        "The user sync (one statement per request that checks the session and upserts the user row) is in every count; the action target is measured beyond it.",
      ],
    });
  } finally {
    await app?.stop();
    await counter.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
