// Breaks: the backend running a merge, killed mid-transaction (pg_terminate_backend), as a crash, a failover or an
// operator's kill would. The merge is held deterministically at a point where it waits on a lock this test owns —
// (1) halfway through moving rows (the removed contact's tags and dismissal already moved, a deal row locked by us),
// (2) after every row moved and the removed contact was deleted, writing the audit entry (the organization's audit
// chain head locked by us) — found in pg_stat_activity as blocked by our backend, and terminated. "Nothing lost"
// means: both contacts and every row of theirs exactly as before, no audit entry without its change, every audit
// chain verifies, and the next merge succeeds.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/database/generated/prisma/client";
import type { Db } from "@/lib/database/client";
import { verifyAuditChains } from "@/lib/modules/activity/queries/verify-chain";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { mergeContacts } from "@/lib/modules/crm/services/merge";
import { ownerDb, seedTenant } from "../support/factories";
import { ctxOf } from "../integration/crm/support";
import { referencingRows, seedMergePair } from "../integration/crm/merge-support";

let pool: pg.Pool;
let mergeDb: Db;
let mergePool: pg.Pool;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  // The merge runs on a pool of its own: the connection we kill is that pool's to lose.
  mergePool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  mergePool.on("error", () => {});
  mergeDb = new PrismaClient({ adapter: new PrismaPg(mergePool) }) as unknown as Db;
});
afterAll(async () => {
  await (mergeDb as unknown as PrismaClient)?.$disconnect();
  await mergePool?.end();
  await pool?.end();
});

/** The backend waiting on a lock held by `holder` (our own backend), polled until it shows up. */
async function blockedBy(holder: number): Promise<{ pid: number; query: string }> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await pool.query<{ pid: number; query: string }>(
      `select pid, query from pg_stat_activity
        where $1 = any (pg_blocking_pids(pid)) and wait_event_type = 'Lock'`,
      [holder],
    );
    if (rows[0]) return rows[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the merge never reached the held lock");
}

const HOLD_POINTS = [
  {
    point: "halfway through moving rows (a deal of the removed contact locked)",
    lock: (p: { removeDeals: string[] }) => ({
      sql: "select id from public.deals where id = $1 for update",
      params: [p.removeDeals[0]],
    }),
    waiting: /merge_contacts/,
  },
  {
    // Writers no longer take the chain head (decision 0028); the entry's foreign key check on its organization
    // (FOR KEY SHARE) waits for a FOR UPDATE lock on the organization's row instead.
    point: "after every row moved, writing the audit entry (the organization row locked)",
    lock: (_p: unknown, orgId: string) => ({
      sql: "select id from public.organizations where id = $1 for update",
      params: [orgId],
    }),
    waiting: /append_audit_many/,
  },
];

describe("merge killed mid-transaction", () => {
  for (const hold of HOLD_POINTS) {
    it(`leaves no partial state when killed ${hold.point}, and the next merge succeeds`, async () => {
      const t = await seedTenant({ roles: ["OWNER"] });
      const ctx = await ctxOf(t, "OWNER");
      // An entry through the app first, so the organization's chain has a head row to hold.
      await createContact(ctx, { organization: t.org.slug, name: "First contact" });
      const p = await seedMergePair(t);
      const before = await referencingRows([p.keep, p.remove, p.third]);
      const entriesBefore = await ownerDb().auditLog.count({ where: { organizationId: t.org.id } });
      const input = {
        organization: t.org.slug,
        keepId: p.keep,
        removeId: p.remove,
        keepVersion: 1,
        removeVersion: 1,
        fields: { email: "remove", company: "remove" } as const,
      };

      const holder = await pool.connect();
      let merge: Promise<unknown>;
      try {
        await holder.query("begin");
        const { sql, params } = hold.lock(p, t.org.id);
        expect((await holder.query(sql, params)).rowCount).toBe(1);
        const holderPid = (await holder.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!
          .pid;

        merge = mergeContacts(ctx, input, { db: mergeDb }).then(
          () => "committed",
          (e: Error) => e,
        );
        const blocked = await blockedBy(holderPid);
        expect(blocked.query).toMatch(hold.waiting);
        const killed = await pool.query<{ ok: boolean }>("select pg_terminate_backend($1) as ok", [
          blocked.pid,
        ]);
        expect(killed.rows[0]!.ok).toBe(true);
        expect(await merge).not.toBe("committed");
      } finally {
        await holder.query("rollback");
        holder.release();
      }

      // Nothing of the merge survived: both contacts, every row of theirs, no entry, an intact chain.
      expect(await referencingRows([p.keep, p.remove, p.third])).toEqual(before);
      expect(await ownerDb().auditLog.count({ where: { organizationId: t.org.id } })).toBe(entriesBefore);
      const chains = await verifyAuditChains(ownerDb(), { organizationId: t.org.id });
      expect(chains.problems).toEqual([]);

      // The next merge succeeds (on the same pool whose connection was killed).
      const done = await mergeContacts(ctx, input, { db: mergeDb });
      expect(done.id).toBe(p.keep);
      const after = await referencingRows([p.keep, p.remove]);
      expect(after.contacts.map((c) => c.id)).toEqual([p.keep]);
      expect(after.deals).toHaveLength(p.keepDeals.length + p.removeDeals.length);
      expect(
        await ownerDb().auditLog.count({ where: { organizationId: t.org.id, action: "contact.merged" } }),
      ).toBe(1);
      expect((await verifyAuditChains(ownerDb(), { organizationId: t.org.id })).problems).toEqual([]);
    });
  }
});
