// The audit log's hash chain: computed by the database (concurrent writers can't fork it), verified by
// verifyAuditChains (what `npm run audit:verify` runs), and broken by any edit or deletion the owner makes.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { withTenantContext } from "@/lib/database/tenant";
import { recordAudit } from "@/lib/audit/record";
import { verifyAuditChains } from "@/lib/modules/activity/queries/verify-chain";
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

describe("audit hash chain", () => {
  it("links concurrent writers into one contiguous chain that verifies", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(t, 40);
    const rows = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id },
      orderBy: { seq: "asc" },
      select: { seq: true, prevHash: true, hash: true },
    });
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verify(t)).toMatchObject({ entries: 40, problems: [] });
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
    await writeEntries(t, 3); // later transactions continue from the head written at commit
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
    const rows = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id },
      orderBy: { seq: "asc" },
      select: { seq: true, action: true },
    });
    expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([
      [1, "test.kept"],
      [2, "test.kept"],
      [3, "test.after"],
    ]);
    expect((await verify(t)).problems).toEqual([]);
  });

  it("ignores seq/hash values a writer tries to choose", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const e = await ownerDb().auditLog.create({
      data: {
        organizationId: t.org.id,
        action: "test.forged",
        entityType: "test",
        seq: 999,
        hash: "f".repeat(64),
        prevHash: "e".repeat(64),
      },
    });
    expect(Number(e.seq)).toBe(1);
    expect(e.prevHash).toBe("0".repeat(64));
    expect((await verify(t)).problems).toEqual([]);
  });

  it("detects an entry edited by the database owner", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(t, 5);
    const third = await ownerDb().auditLog.findFirstOrThrow({
      where: { organizationId: t.org.id, seq: 3 },
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
    await ownerDb().auditLog.deleteMany({ where: { organizationId: t.org.id, seq: 2 } });
    expect((await verify(t)).problems[0]?.problem).toMatch(/entry #2 is missing/);

    const u = await seedTenant({ roles: ["OWNER"] });
    await writeEntries(u, 3);
    await ownerDb().auditLog.deleteMany({ where: { organizationId: u.org.id, seq: 3 } });
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
    const first = await ownerDb().auditLog.findFirstOrThrow({
      where: { organizationId: t.org.id, seq: 1 },
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
