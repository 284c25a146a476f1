// The audit log's hash chain: entries commit unsealed without any per-organization lock, and the sealer links the
// committed ones in commit order (decision 0028); verifyAuditChains (what `npm run audit:verify` runs) seals, then
// checks, and any edit or deletion the owner makes — or an entry the sealer left waiting past its window — shows.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { withTenantContext } from "@/lib/database/tenant";
import { recordAudit } from "@/lib/audit/record";
import { verifyAuditChains } from "@/lib/modules/activity/queries/verify-chain";
import { sealAuditChains } from "@/lib/modules/activity/services/seal-chain";
import { openAuditWriter } from "../../support/activity-feed";
import { ownerDb, seedTenant, type TestTenant } from "../../support/factories";

async function writeEntries(t: TestTenant, n: number) {
  const owner = t.users.OWNER!;
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      withTenantContext({ user: owner, organization: { id: t.org.id } }, (tx) =>
        recordAudit(
          tx,
          { user: owner, organization: t.org },
          {
            action: "contact.created",
            entityType: "contact",
            entityId: `c-${i}`,
            newValues: { name: `Contact ${i}`, n: i },
          },
        ),
      ),
    ),
  );
}

const verify = (t: TestTenant) => verifyAuditChains(ownerDb(), { organizationId: t.org.id });

const chainOf = (t: TestTenant) =>
  ownerDb().auditLog.findMany({
    where: { organizationId: t.org.id, chainSeq: { not: null } },
    orderBy: { chainSeq: "asc" },
    select: { id: true, seq: true, chainSeq: true, entityId: true, prevHash: true, hash: true },
  });

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p.then(() => "committed" as const),
    new Promise<"blocked">((r) => setTimeout(() => r("blocked"), ms)),
  ]);

describe("audit hash chain", () => {
  it("lets a second writer of the organization commit while the first one's transaction is still open", async () => {
    // With the chain-head lock held until commit (the trigger before decision 0028) the second writer waits here.
    const t = await seedTenant({ roles: ["OWNER"] });
    await sealAuditChains(ownerDb(), t.org.id);
    const first = openAuditWriter(t, { action: "contact.created", entityType: "contact", entityId: "first" });
    await first.ready;
    try {
      const second = withTenantContext({ user: t.users.OWNER!, organization: { id: t.org.id } }, (tx) =>
        recordAudit(
          tx,
          { user: t.users.OWNER!, organization: t.org },
          {
            action: "contact.created",
            entityType: "contact",
            entityId: "second",
          },
        ),
      );
      expect(await within(second, 5_000)).toBe("committed");
      // Sealing now links only what has committed: the first writer's entry is invisible until its commit.
      expect(await sealAuditChains(ownerDb(), t.org.id)).toBe(1);
    } finally {
      first.commit();
      await first.done;
    }
    expect(await sealAuditChains(ownerDb(), t.org.id)).toBe(1);
    // Chain order is commit order, not append order: "first" was appended first but committed last.
    const chain = await chainOf(t);
    const ours = chain.filter((r) => r.entityId === "first" || r.entityId === "second");
    expect(ours.map((r) => r.entityId)).toEqual(["second", "first"]);
    expect(Number(ours[0]!.seq)).toBeGreaterThan(Number(ours[1]!.seq));
    expect(await verify(t)).toMatchObject({ problems: [], unsealed: 0 });
  });

  it("links concurrent writers into one contiguous chain that verifies", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(t, 40);
    // Committed unsealed: no chain position, the placeholder hashes.
    const unsealed = await ownerDb().auditLog.findMany({ where: { organizationId: t.org.id } });
    expect(unsealed.every((r) => r.chainSeq === null && r.hash === "0".repeat(64))).toBe(true);
    expect(await verify(t)).toMatchObject({ entries: 40, unsealed: 0, problems: [] });
    const rows = await chainOf(t);
    expect(rows.map((r) => Number(r.chainSeq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    // Entries that committed together are sealed in the order they were appended.
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it("two sealers at once seal every entry exactly once", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(t, 30);
    const sealed = await Promise.all([
      sealAuditChains(ownerDb(), t.org.id),
      sealAuditChains(ownerDb()),
      sealAuditChains(ownerDb(), t.org.id),
    ]);
    expect(sealed.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30);
    expect((await chainOf(t)).map((r) => Number(r.chainSeq))).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    expect(await verify(t)).toMatchObject({ entries: 30, problems: [] });
  });

  it("reports an entry left unsealed past the sealing window, and seals it", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(t, 1); // fresh: within the window, not a problem
    expect(await verifyAuditChains(ownerDb(), { organizationId: t.org.id, seal: false })).toMatchObject({
      entries: 0,
      unsealed: 1,
      problems: [],
    });
    // An entry committed long ago that no sealer has linked (as if no sealer had run since).
    const old = await ownerDb().auditLog.create({
      data: {
        organizationId: t.org.id,
        action: "test.stale",
        entityType: "test",
        createdAt: new Date(Date.now() - 3_600_000),
      },
    });
    const report = await verify(t);
    expect(report.problems).toEqual([
      expect.objectContaining({
        entryId: old.id,
        problem: expect.stringMatching(/waited more than 30 s to be sealed/),
      }),
    ]);
    // verify sealed it on the way: the next check is clean.
    expect(await verify(t)).toMatchObject({ entries: 2, unsealed: 0, problems: [] });
  });

  it("chains thousands of entries written in one transaction, and entries of two organizations interleaved", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const u = await seedTenant({ roles: ["OWNER"] });
    await ownerDb().$transaction(
      async (tx) => {
        await tx.auditLog.createMany({
          data: Array.from({ length: 3_000 }, (_, i) => ({
            organizationId: t.org.id,
            action: "contact.assigned",
            entityType: "contact",
            entityId: String(i),
          })),
        });
        for (let i = 0; i < 5; i++) {
          await tx.auditLog.create({
            data: { organizationId: u.org.id, action: "deal.created", entityType: "deal" },
          });
          await tx.auditLog.create({
            data: { organizationId: t.org.id, action: "deal.created", entityType: "deal" },
          });
        }
      },
      { timeout: 60_000 },
    );
    expect(await verify(t)).toMatchObject({ entries: 3_005, problems: [] });
    expect(await verify(u)).toMatchObject({ entries: 5, problems: [] });
    await writeEntries(t, 3); // later entries continue from the head the sealer wrote
    expect(await verify(t)).toMatchObject({ entries: 3_008, problems: [] });
  });

  it("keeps the chain whole when a savepoint inside a transaction is rolled back", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const insert = (
      tx: Parameters<Parameters<ReturnType<typeof ownerDb>["$transaction"]>[0]>[0],
      action: string,
    ) =>
      tx.$executeRaw`insert into public.transaction_audit_logs (organization_id, action, entity_type) values (${t.org.id}::uuid, ${action}, 'test')`;
    await ownerDb().$transaction(async (tx) => {
      await insert(tx, "test.kept");
      await insert(tx, "test.kept");
      await tx.$executeRawUnsafe("savepoint s1");
      await insert(tx, "test.undone");
      await insert(tx, "test.undone");
      await tx.$executeRawUnsafe("rollback to savepoint s1");
      await insert(tx, "test.after");
    });
    expect((await verify(t)).problems).toEqual([]);
    const rows = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id },
      orderBy: { chainSeq: "asc" },
      select: { chainSeq: true, action: true },
    });
    expect(rows.map((r) => [Number(r.chainSeq), r.action])).toEqual([
      [1, "test.kept"],
      [2, "test.kept"],
      [3, "test.after"],
    ]);
  });

  it("ignores seq/chain/hash values a writer tries to choose", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const e = await ownerDb().auditLog.create({
      data: {
        organizationId: t.org.id,
        action: "test.forged",
        entityType: "test",
        seq: 999,
        chainSeq: 999,
        hash: "f".repeat(64),
        prevHash: "e".repeat(64),
      },
    });
    expect(Number(e.seq)).not.toBe(999);
    expect(e.chainSeq).toBeNull();
    expect([e.prevHash, e.hash]).toEqual(["0".repeat(64), "0".repeat(64)]);
    expect((await verify(t)).problems).toEqual([]);
    const sealed = await ownerDb().auditLog.findUniqueOrThrow({ where: { id: e.id } });
    expect([Number(sealed.chainSeq), sealed.prevHash]).toEqual([1, "0".repeat(64)]);
  });

  it("detects an entry edited by the database owner", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(t, 5);
    await sealAuditChains(ownerDb(), t.org.id);
    const third = await ownerDb().auditLog.findFirstOrThrow({
      where: { organizationId: t.org.id, chainSeq: 3 },
    });
    await ownerDb().auditLog.update({
      where: { id: third.id },
      data: { newValues: { name: "Someone else" } },
    });
    const report = await verify(t);
    expect(report.problems).toEqual([
      expect.objectContaining({ seq: 3, entryId: third.id, problem: expect.stringContaining("altered") }),
    ]);
  });

  it("detects a deleted entry in the middle and at the end", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(t, 4);
    await sealAuditChains(ownerDb(), t.org.id);
    await ownerDb().auditLog.deleteMany({ where: { organizationId: t.org.id, chainSeq: 2 } });
    expect((await verify(t)).problems[0]?.problem).toMatch(/entry #2 is missing/);

    const u = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(u, 3);
    await sealAuditChains(ownerDb(), u.org.id);
    await ownerDb().auditLog.deleteMany({ where: { organizationId: u.org.id, chainSeq: 3 } });
    expect((await verify(u)).problems[0]?.problem).toMatch(/head says #3/);
  });

  it("refuses edits and deletions from everyone but the table owner", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(t, 1);
    const owner = t.users.OWNER!;
    await expect(
      withTenantContext(
        { user: owner, organization: { id: t.org.id } },
        (tx) => tx.$executeRaw`update public.transaction_audit_logs set action = 'x.y'`,
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      ownerDb().$transaction(async (tx) => {
        await tx.$executeRawUnsafe("set local role service_role");
        await tx.$executeRaw`delete from public.transaction_audit_logs where organization_id = ${t.org.id}::uuid`;
      }),
    ).rejects.toThrow(/permission denied|append-only/);
    expect((await verify(t)).problems).toEqual([]);
  });

  it("npm run audit:verify exits 1 and names the broken link", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(t, 2);
    await sealAuditChains(ownerDb(), t.org.id);
    const first = await ownerDb().auditLog.findFirstOrThrow({
      where: { organizationId: t.org.id, chainSeq: 1 },
    });
    await ownerDb().auditLog.update({
      where: { id: first.id },
      data: { action: "contact.deleted" },
    });
    const res = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/audit-verify.ts"], {
      env: process.env,
      encoding: "utf8",
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(t.org.id);
    expect(res.stderr).toContain("entry #1 was altered");
  });
});
