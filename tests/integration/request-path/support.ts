// The request as Next would run it, minus Next: a real session (signed in through the local Auth with the official
// client, its cookies in a jar that next/headers hands out) and the app's shared Prisma client swapped for one that
// records every statement it sends. Counting the statements a whole action or page sends — the session check and
// user sync included — is how a regression in round trips fails `npm test` (counts, not times).
import { createPool, createPrismaClient, type Db } from "@/lib/database/client";
import { PASSWORD, signedInMember } from "../../support/activity-feed";
import { ownerDb, seedTenant, type TestTenant, type TestUser } from "../../support/factories";
import { jar } from "./next-mocks";

/** Signs in as `email` through the local Auth; the session's cookies land in the jar. */
export async function signInAs(email: string, password: string) {
  jar.clear();
  // Imported here, after the test file's vi.mock of next/headers is in place.
  const { createSupabaseWithCookies } = await import("@/lib/supabase/server");
  const supabase = createSupabaseWithCookies({
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: (name, value) => (value ? jar.set(name, value) : jar.delete(name)),
  });
  const { error } = await supabase.auth.signInWithPassword({ email, password });
  if (error) throw error;
}

const shared = globalThis as unknown as { hearthPrisma?: Db };

/**
 * Swaps the app's shared Prisma client for one whose pool records every statement its connections send — BEGIN
 * included, which Prisma's own query events leave out — and returns it with a restore function.
 */
export function countAppStatements() {
  const statements: string[] = [];
  const pool = createPool({
    connectionString: process.env.DATABASE_URL!,
    max: 4,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 5_000,
  });
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string };
      statements.push(typeof first === "string" ? first : (first?.text ?? ""));
      return query(...args);
    };
  });
  const db = createPrismaClient(pool);
  const previous = shared.hearthPrisma;
  shared.hearthPrisma = db;
  return {
    /** Runs fn and returns what it sent, split into transactions. */
    async count<T>(fn: () => Promise<T>): Promise<RequestStatements & { result: T }> {
      statements.length = 0;
      const result = await fn();
      return { result, ...summarize([...statements]) };
    },
    restore: async () => {
      shared.hearthPrisma = previous;
      await db.$disconnect();
      await pool.end();
    },
  };
}

export interface RequestStatements {
  /** Every statement, in order (BEGIN and COMMIT included). */
  statements: string[];
  /** Statements sent inside transactions, BEGIN and COMMIT/ROLLBACK not counted. */
  inTransactions: number;
  /** Transactions (interactive ones, and each statement sent on its own). */
  transactions: number;
}

const isBegin = (s: string) => /^\s*BEGIN\b/i.test(s);
const isEnd = (s: string) => /^\s*(COMMIT|ROLLBACK)\b/i.test(s);

/** Splits what a request sent into transactions: a BEGIN…COMMIT block is one; a statement outside one is one. */
export function summarize(statements: string[]): RequestStatements {
  let transactions = 0;
  let inTransactions = 0;
  let open = false;
  for (const s of statements) {
    if (isBegin(s)) {
      open = true;
      transactions++;
    } else if (isEnd(s)) open = false;
    else if (open) inTransactions++;
    else transactions++;
  }
  return { statements, inTransactions, transactions };
}

export interface CountedWorld {
  t: TestTenant;
  slug: string;
  /** The signed-in owner (a real Auth user). */
  owner: TestUser;
  contactId: string;
  dealId: string;
  loopId: string;
}

/**
 * An ELITE organization (owner and member) whose owner is signed in (the jar holds the session), with `contacts`
 * contacts assigned to the owner, a deal and a loop made from its template.
 */
export async function countedWorld(contacts: number): Promise<CountedWorld> {
  const t = await seedTenant({ tier: "ELITE", roles: ["OWNER", "MEMBER"] });
  const { user: owner } = await signedInMember(t, "OWNER");
  await signInAs(owner.email, PASSWORD);
  const [contact] = await ownerDb().$queryRawUnsafe<Array<{ id: string }>>(
    `insert into public.contacts (organization_id, name, assigned_to, next_follow_up)
     select $1::uuid, 'Counted contact ' || g, $2::uuid, now() + g * interval '1 hour'
       from generate_series(1, $3::int) g returning id`,
    t.org.id,
    owner.id,
    contacts,
  );
  const [deal] = await ownerDb().$queryRawUnsafe<Array<{ id: string }>>(
    `insert into public.deals (organization_id, contact_id, title, value)
     values ($1::uuid, $2::uuid, 'Counted deal', 300000) returning id`,
    t.org.id,
    contact!.id,
  );
  // Imported here, after the test file's vi.mock of next/headers is in place.
  const { createLoopAction } = await import("@/lib/modules/transactions/actions/create-loop");
  const loop = await createLoopAction({
    organization: t.org.slug,
    propertyAddress: "1 Count Lane",
    transactionType: "PURCHASE",
  });
  if (!loop.ok) throw new Error(loop.error.message);
  return { t, slug: t.org.slug, owner, contactId: contact!.id, dealId: deal!.id, loopId: loop.data.id };
}
