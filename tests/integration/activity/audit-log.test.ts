// The audit log page's reads: filters by actor, action, entity and dates, keyset pagination, the export's
// batched iteration, and the live feed's backfill order — all under RLS in the caller's organization.
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { authorizeUser } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import {
  iterateAuditLog,
  listActivity,
  listActivitySince,
  listAuditLog,
} from "@/lib/modules/activity/queries/feed";
import { sealAuditChains } from "@/lib/modules/activity/services/seal-chain";
import { openAuditWriter } from "../../support/activity-feed";
import { asCurrentUser, ownerDb, seedTenant } from "../../support/factories";

async function setup() {
  const t = await seedTenant({ tier: "ELITE", roles: ["OWNER", "MEMBER"] });
  const other = await seedTenant({ roles: ["OWNER"] });
  const write = async (
    role: "OWNER" | "MEMBER",
    action: string,
    entityType: string,
    values: Record<string, string>,
  ) => {
    const user = t.users[role]!;
    await withTenantContext({ user, organization: { id: t.org.id } }, (tx) =>
      recordAudit(
        tx,
        { user, organization: t.org },
        { action, entityType, entityId: values.id ?? null, newValues: values },
      ),
    );
  };
  for (let i = 0; i < 7; i++) await write("MEMBER", "contact.created", "contact", { name: `Contact ${i}` });
  await write("OWNER", "deal.created", "deal", { title: "Big deal" });
  await write("OWNER", "member.invited", "invitation", { email: "x@example.test" });
  await withTenantContext({ user: other.users.OWNER!, organization: { id: other.org.id } }, (tx) =>
    recordAudit(
      tx,
      { user: other.users.OWNER!, organization: other.org },
      { action: "contact.created", entityType: "contact", newValues: { name: "Elsewhere" } },
    ),
  );
  const ctx = await authorizeUser(asCurrentUser(t.users.OWNER!), {
    organization: t.org.slug,
    permission: "audit:read",
  });
  return { t, ctx, write };
}

describe("audit log reads", () => {
  it("filters by actor, action prefix and entity, with the actor's name joined in", async () => {
    const { t, ctx } = await setup();
    const byMember = await listAuditLog(ctx, { actor: t.users.MEMBER!.id });
    expect(byMember.entries).toHaveLength(7);
    expect(
      byMember.entries.every(
        (e) => e.actor?.email === t.users.MEMBER!.email && e.entityLabel?.startsWith("Contact "),
      ),
    ).toBe(true);
    expect((await listAuditLog(ctx, { action: "deal." })).entries.map((e) => e.entityLabel)).toEqual([
      "Big deal",
    ]);
    expect((await listAuditLog(ctx, { entity: "invitation" })).entries.map((e) => e.action)).toEqual([
      "member.invited",
    ]);
    const today = byMember.entries[0]!.createdAt.slice(0, 10);
    expect((await listAuditLog(ctx, { from: today, to: today })).entries.length).toBe(9);
    expect((await listAuditLog(ctx, { to: "2020-01-01" })).entries).toEqual([]);
  });

  it("pages backwards by seq without gaps or repeats, and never shows another organization's entries", async () => {
    const { t, ctx, write } = await setup();
    // Append numbers come from one sequence for the whole table: this organization's nine, oldest first.
    const ours = (
      await ownerDb().auditLog.findMany({
        where: { organizationId: t.org.id },
        orderBy: { seq: "asc" },
        select: { seq: true },
      })
    ).map((r) => Number(r.seq));
    expect(ours).toHaveLength(9);
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAuditLog(ctx, { before }, 4);
      seen.push(...page.entries.map((e) => e.seq));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(seen).toEqual([...ours].reverse());
    const exported: number[] = [];
    for await (const batch of iterateAuditLog(ctx, {}, 2)) exported.push(...batch.map((e) => e.seq));
    expect(exported).toEqual(ours);
    expect((await listActivity(ctx, { limit: 3 })).map((e) => e.seq)).toEqual(ours.slice(6).reverse());
    // The feed's backfill: by chain position once sealed, then whatever waits for the sealer.
    await sealAuditChains(ownerDb(), t.org.id);
    expect((await listActivitySince(ctx, 6)).map((e) => e.chainSeq)).toEqual([7, 8, 9]);
    await write("OWNER", "deal.created", "deal", { title: "Unsealed deal" });
    expect((await listActivitySince(ctx, 8)).map((e) => [e.chainSeq, e.entityLabel])).toEqual([
      [9, "x@example.test"],
      [null, "Unsealed deal"],
    ]);
    // A first page of only unsealed entries also carries the newest sealed one: where the live feed continues.
    expect((await listActivity(ctx, { limit: 1 })).map((e) => [e.chainSeq, e.entityLabel])).toEqual([
      [null, "Unsealed deal"],
      [9, "x@example.test"],
    ]);
    const names = (await listAuditLog(ctx, {})).entries.map((e) => e.entityLabel);
    expect(names).not.toContain("Elsewhere");
    expect(
      await ownerDb().auditLog.count({
        where: { newValues: { path: ["name"], equals: "Elsewhere" } },
      }),
    ).toBeGreaterThan(0);
  });
});

/**
 * setup(), sealed, then two entries that commit out of append order: "late" appends first and stays open (commit it
 * with late.commit()); "early" appends second, commits and is sealed.
 */
async function lateAndEarly() {
  const world = await setup();
  const { t, write } = world;
  await sealAuditChains(ownerDb(), t.org.id);
  const late = openAuditWriter(t, {
    action: "deal.created",
    entityType: "deal",
    newValues: { title: "late" },
  });
  await late.ready;
  await write("OWNER", "deal.created", "deal", { title: "early" });
  await sealAuditChains(ownerDb(), t.org.id);
  return { ...world, late };
}

describe("the live feed's backfill under concurrent commits", () => {
  it("never misses an entry that commits after one with a higher append number", async () => {
    const { t, ctx, late } = await lateAndEarly();
    // A browser receives "early" and advances its cursor to early's chain position.
    const first = await listActivitySince(ctx, 9);
    expect(first.map((e) => e.entityLabel)).toEqual(["early"]);
    const cursor = first[0]!.chainSeq!;
    late.commit();
    await late.done;
    const lateSeq = Number(
      (
        await ownerDb().auditLog.findFirstOrThrow({
          where: { organizationId: t.org.id, newValues: { path: ["title"], equals: "late" } },
        })
      ).seq,
    );
    expect(lateSeq).toBeLessThan(Number(first[0]!.seq)); // a cursor on append numbers would skip it
    // Before the sealer ran and after: the next backfill from the cursor has it.
    expect((await listActivitySince(ctx, cursor)).map((e) => e.entityLabel)).toEqual(["late"]);
    await sealAuditChains(ownerDb(), t.org.id);
    expect((await listActivitySince(ctx, cursor)).map((e) => [e.entityLabel, e.chainSeq])).toEqual([
      ["late", cursor + 1],
    ]);
  });
});

describe("the CSV export under concurrent commits", () => {
  it("includes an entry appended before a page was read and committed after it, once", async () => {
    const { ctx, write, late } = await lateAndEarly();
    await write("OWNER", "deal.created", "deal", { title: "unsealed" });
    // The export reads its first batches while "late" (appended first, lower number) is still open…
    const batches = iterateAuditLog(ctx, {}, 4);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = await batches.next();
      if (!next.done) seen.push(...next.value.map((e) => e.entityLabel ?? ""));
    }
    expect(seen).toContain("early");
    expect(seen).not.toContain("late");
    // …then "late" commits, and the rest of the export still has it.
    late.commit();
    await late.done;
    for await (const b of batches) seen.push(...b.map((e) => e.entityLabel ?? ""));
    expect(seen.filter((l) => ["late", "early", "unsealed"].includes(l))).toEqual([
      "early",
      "late",
      "unsealed",
    ]);
    expect(seen).toHaveLength(12); // the nine entries of setup(), then these three
  });
});
