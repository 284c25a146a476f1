// Breaks: the assumption that one person writes at a time. 200 teammates save the same contact from the same stale
// form at once; two bulk assigns over overlapping selections run at once, again and again. "Nothing lost" means:
// exactly one stale save wins and the other 199 are told so (CONFLICT — none silently overwrites another), and the
// overlapping bulk assigns end as if one ran after the other: every contact in the overlap has the later one's
// assignee, each contact's version went up once per write that covered it, the audit entries say exactly that, and
// the organization's audit hash chain still verifies. A task added while another writer holds its loop takes the
// position and progress after that writer's task (the lock is its own statement, read before the insert's snapshot).
//
// The third race, concurrent first logins creating exactly one users row, is covered where the login code is
// tested: tests/integration/identity/current-user.test.ts ("creates exactly one users row for twenty concurrent
// first requests").
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { sealAuditChains, verifyAuditChains } from "@/lib/modules/activity";
import { bulkAssignContacts } from "@/lib/modules/crm/services/bulk-assign";
import { createContact, updateContact } from "@/lib/modules/crm/services/contacts";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import { addTask } from "@/lib/modules/transactions/services/tasks";
import { ownerDb, seedTenant } from "../support/factories";
import { ctxFor } from "../integration/transactions/support/helpers";
import { holdLock } from "./support/faults";

describe("concurrent writes", () => {
  it("200 concurrent saves of one contact from the same stale version: exactly one wins, 199 get CONFLICT", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug, "contacts:write");
    const contact = await createContact(ctx, { organization: t.org.slug, name: "Contended" });
    expect(contact.version).toBe(1);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        updateContact(ctx, { organization: t.org.slug, id: contact.id, version: 1, name: `Writer ${i}` }),
      ),
    );

    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o) => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(199);
    for (const o of lost) {
      expect(o.reason).toBeInstanceOf(AppError);
      expect((o.reason as AppError).code).toBe("CONFLICT");
    }
    const winner = won[0]!.value;
    const row = await ownerDb().contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect({ name: row.name, version: row.version }).toEqual({ name: winner.name, version: 2 });
    const updates = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: "contact.updated", entityId: contact.id },
    });
    expect(updates).toHaveLength(1);
    expect(updates[0]!.newValues).toMatchObject({ name: winner.name });
  });

  it("overlapping bulk assigns at once end consistent with one of them, versions and audit included", async () => {
    const t = await seedTenant({ roles: ["OWNER", "ADMIN", "MEMBER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug, "contacts:bulk");
    const writer = await ctxFor(t.users.OWNER!, t.org.slug, "contacts:write");
    const contacts = [];
    for (let i = 0; i < 30; i++)
      contacts.push(
        await createContact(writer, { organization: t.org.slug, name: `Pool ${String(i).padStart(2, "0")}` }),
      );
    const ids = contacts.map((c) => c.id);
    const left = ids.slice(0, 20); // 0–19
    const right = ids.slice(10); // 10–29; the overlap is 10–19
    const overlap = ids.slice(10, 20);
    const a = t.users.ADMIN!.id;
    const b = t.users.MEMBER!.id;
    const ROUNDS = 10;

    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all([
        bulkAssignContacts(ctx, {
          organization: t.org.slug,
          assigneeId: a,
          selection: { kind: "ids", ids: left },
        }),
        bulkAssignContacts(ctx, {
          organization: t.org.slug,
          assigneeId: b,
          selection: { kind: "ids", ids: right },
        }),
      ]);
      const rows = await ownerDb().contact.findMany({
        where: { id: { in: ids } },
        select: { id: true, assignedTo: true, version: true },
      });
      const byId = new Map(rows.map((r) => [r.id, r]));
      // The last entry of this round is the bulk assign that committed second: the overlap carries its assignee.
      // Commit order is the chain's order once sealed (decision 0028).
      await sealAuditChains(ownerDb(), t.org.id);
      const entries = await ownerDb().auditLog.findMany({
        where: { organizationId: t.org.id, action: "contact.bulk_assigned" },
        orderBy: { chainSeq: "asc" },
      });
      expect(entries).toHaveLength(2 * (round + 1));
      const [first, second] = entries.slice(-2) as [(typeof entries)[0], (typeof entries)[0]];
      const assigneeOf = (e: (typeof entries)[0]) => (e.newValues as { assignedTo: string }).assignedTo;
      expect(new Set([assigneeOf(first), assigneeOf(second)])).toEqual(new Set([a, b]));
      for (const id of overlap) expect(byId.get(id)!.assignedTo, `overlap ${id}`).toBe(assigneeOf(second));
      for (const id of ids.slice(0, 10)) expect(byId.get(id)!.assignedTo).toBe(a);
      for (const id of ids.slice(20)) expect(byId.get(id)!.assignedTo).toBe(b);
      // One version per write: the overlap was written twice a round, the rest once.
      for (const id of ids) {
        const writes = overlap.includes(id) ? 2 : 1;
        expect(byId.get(id)!.version, `version of ${id}`).toBe(1 + writes * (round + 1));
      }
      // The second entry saw the first one's result as the overlap's previous assignee: they serialized.
      const previous = (
        second.oldValues as { previous: { assignedTo: string | null; contactIds: string[] }[] }
      ).previous;
      const previousOf = new Map(
        previous.flatMap((p) => p.contactIds.map((id) => [id, p.assignedTo] as const)),
      );
      for (const id of overlap) expect(previousOf.get(id)).toBe(assigneeOf(first));
    }

    const report = await verifyAuditChains(ownerDb(), { organizationId: t.org.id });
    expect(report.problems).toEqual([]);
    expect(report.entries).toBeGreaterThanOrEqual(30 + 2 * ROUNDS);
  });

  it("a task added while another writer holds its loop counts that writer's task: next position and progress", async () => {
    const t = await seedTenant({ roles: ["MEMBER"] });
    const ctx = await ctxFor(t.users.MEMBER!, t.org.slug);
    const organization = t.org.slug;
    const { id: loopId } = await createLoop(ctx, {
      organization,
      propertyAddress: "2 Waiting Lane",
      transactionType: "PURCHASE",
    });
    const n = await ownerDb().transactionTask.count({ where: { loopId } });
    expect(n).toBeGreaterThan(0);
    // Another writer holds the loop (as every task change does first), adds a done task and commits while this
    // one waits: the position and progress must be read after the lock, not from before the wait.
    const holder = await holdLock("select 1 from public.transaction_loops where id = $1 for update", [
      loopId,
    ]);
    try {
      const adding = addTask(ctx, { organization, loopId, title: "Second writer" });
      await holder.waiter();
      await holder.query(
        `insert into public.transaction_tasks
           (organization_id, loop_id, title, sort_order, status, completed, completed_at)
         values ($1, $2, 'First writer', $3, 'DONE', true, now())`,
        [t.org.id, loopId, n],
      );
      await holder.query("commit");
      const added = await adding;
      expect(added.task.sortOrder).toBe(n + 1);
      expect(added.progress).toBe(Math.round((100 * 1) / (n + 2)));
      const loop = await ownerDb().transactionLoop.findUniqueOrThrow({ where: { id: loopId } });
      expect(loop.progress).toBe(added.progress);
    } finally {
      await holder.release();
    }
  });
});
