// Breaks: the database connection, in the middle of multi-statement writes. A superuser connection holds a lock the
// operation needs next (tests/resilience/support/faults.ts), the operation runs until it waits on it, and its
// backend is terminated with pg_terminate_backend — what an admin shutdown, a crash or a failover does.
// "Nothing lost" means, for each: the caller hears SERVICE_UNAVAILABLE (503, "nothing was saved"), none of the
// operation's rows are left (no loop without its tasks, no half-assigned contacts, no half-imported file, no
// approval without its notifications), no audit entry without its change, the organization's audit chain still
// verifies, and the same request succeeds right after. For documents, Storage and Postgres are two systems:
// an object stored before its row was cut off is removed by the upload itself, or — when the app could not
// remove it either — by the storage sweeper; a shredded row whose object survived is swept the same way.
import { describe, expect, it } from "vitest";
import { bulkAssignContacts } from "@/lib/modules/crm/services/bulk-assign";
import { importContacts } from "@/lib/modules/crm/services/import";
import { sweepOrphanedObjects } from "@/lib/modules/documents";
import { deleteDocument } from "@/lib/modules/documents/services/documents";
import { documentStoragePath } from "@/lib/modules/documents/store";
import { approveDocument, submitLoopForReview } from "@/lib/modules/documents/services/review";
import { createLoop } from "@/lib/modules/transactions/services/loops";
import { AppError } from "@/lib/errors";
import { ownerDb, seedTenant, suffix } from "../support/factories";
import { ctxOf, seedContacts, streamOf } from "../integration/crm/support";
import { newLoop, rawObject, upload } from "../integration/transactions/support/documents";
import { ctxFor } from "../integration/transactions/support/helpers";
import { pdfBytes } from "../../scripts/lib/sample-files";
import { auditCount, expectChainIntact, expectUnavailable, holdLock, killMidway } from "./support/faults";

const AUDIT_TABLE = "lock table public.transaction_audit_logs in share mode";

/** Objects stored under a loop's folder in the documents bucket. */
const objectsOfLoop = async (orgId: string, loopId: string) =>
  (
    await ownerDb().$queryRaw<{ name: string }[]>`
      select name from storage.objects where bucket_id = 'documents' and name like ${documentStoragePath(orgId, loopId, "%")}`
  ).map((r) => r.name);

describe("a connection cut in the middle of a write", () => {
  it("creating a loop from its template: cut while its tasks are inserted, nothing of the loop remains", async () => {
    const t = await seedTenant({ roles: ["MEMBER"] });
    const ctx = await ctxFor(t.users.MEMBER!, t.org.slug);
    const input = {
      organization: t.org.slug,
      propertyAddress: `${suffix()} Fault Lane`,
      transactionType: "LISTING" as const,
      expectedClosing: "2027-03-31",
    };
    const auditBefore = await auditCount(t.org.id);

    // The template is read; the one statement that writes the loop and its checklist waits on the tasks' lock.
    const { error, cutAt } = await killMidway("lock table public.transaction_tasks in share mode", () =>
      createLoop(ctx, input),
    );
    expect(cutAt).toMatch(/transaction_tasks/);
    expectUnavailable(error);

    const where = { organizationId: t.org.id };
    expect(await ownerDb().transactionLoop.count({ where })).toBe(0);
    expect(await ownerDb().transactionTask.count({ where })).toBe(0);
    expect(await ownerDb().loopParticipant.count({ where })).toBe(0);
    expect(await ownerDb().loopKeyDate.count({ where })).toBe(0);
    expect(await ownerDb().loopDocumentSlot.count({ where })).toBe(0);
    expect(await auditCount(t.org.id)).toBe(auditBefore);
    await expectChainIntact(t.org.id);

    const { id } = await createLoop(ctx, input);
    expect(await ownerDb().transactionTask.count({ where: { loopId: id } })).toBeGreaterThan(0);
    expect(await auditCount(t.org.id)).toBe(auditBefore + 1);
    await expectChainIntact(t.org.id);
  });

  it("bulk assign: cut after the contacts changed and before the audit entry, no contact keeps the change", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    await seedContacts(t.org.id, 5, { prefix: `bulk-${suffix()}` });
    const ids = (
      await ownerDb().contact.findMany({ where: { organizationId: t.org.id }, select: { id: true } })
    ).map((c) => c.id);
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    const input = {
      organization: t.org.slug,
      assigneeId: t.users.MEMBER!.id,
      selection: { kind: "ids" as const, ids },
    };
    const auditBefore = await auditCount(t.org.id);

    const { error, cutAt } = await killMidway(AUDIT_TABLE, () => bulkAssignContacts(ctx, input));
    expect(cutAt).toMatch(/append_audit/);
    expectUnavailable(error);

    const rows = await ownerDb().contact.findMany({ where: { organizationId: t.org.id } });
    expect(rows.map((r) => [r.assignedTo, r.version])).toEqual(rows.map(() => [null, 1]));
    expect(await auditCount(t.org.id)).toBe(auditBefore);
    await expectChainIntact(t.org.id);

    expect(await bulkAssignContacts(ctx, input)).toEqual({ count: 5 });
    expect(
      await ownerDb().contact.count({ where: { organizationId: t.org.id, assignedTo: t.users.MEMBER!.id } }),
    ).toBe(5);
    await expectChainIntact(t.org.id);
  });

  it("CSV import: cut after every row was inserted and before the audit entry, nothing is imported", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const s = suffix();
    const csv = [
      "name,email",
      ...Array.from({ length: 300 }, (_, i) => `Person ${i},p${i}-${s}@example.test`),
    ].join("\n");
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    const auditBefore = await auditCount(t.org.id);

    const { error, cutAt } = await killMidway(AUDIT_TABLE, () => importContacts(ctx, streamOf(csv)));
    expect(cutAt).toMatch(/append_audit/);
    expectUnavailable(error);

    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(0);
    expect(await auditCount(t.org.id)).toBe(auditBefore);
    await expectChainIntact(t.org.id);

    expect((await importContacts(ctx, streamOf(csv))).imported).toBe(300);
    await expectChainIntact(t.org.id);
  });

  it("compliance approval: cut after the approval and its audit entry, before the notifications — none of it stays", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const agent = t.users.MEMBER!;
    const loopId = await newLoop(agent, t.org.slug);
    const slot = await ownerDb().loopDocumentSlot.findFirstOrThrow({
      where: { loopId },
      orderBy: { sortOrder: "asc" },
    });
    const { json } = await upload(agent, t.org.slug, loopId, pdfBytes("approve me"), {
      name: "a.pdf",
      slot: slot.id,
    });
    const documentId = json.document!.id;
    await submitLoopForReview(await ctxFor(agent, t.org.slug, "documents:write"), {
      organization: t.org.slug,
      loopId,
    });
    const reviewer = await ctxFor(t.users.OWNER!, t.org.slug, "reviews:manage");
    const auditBefore = await auditCount(t.org.id);
    const notificationsBefore = await ownerDb().notification.count({ where: { organizationId: t.org.id } });

    const { error, cutAt } = await killMidway("lock table public.notifications in share mode", () =>
      approveDocument(reviewer, { organization: t.org.slug, documentId }),
    );
    expect(cutAt).toMatch(/notifications/);
    expectUnavailable(error);

    const doc = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc).toMatchObject({ reviewStatus: "PENDING", reviewedBy: null, reviewedAt: null });
    expect(await auditCount(t.org.id)).toBe(auditBefore);
    expect(await ownerDb().notification.count({ where: { organizationId: t.org.id } })).toBe(
      notificationsBefore,
    );
    await expectChainIntact(t.org.id);

    await approveDocument(reviewer, { organization: t.org.slug, documentId });
    expect(
      (await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: documentId } })).reviewStatus,
    ).toBe("APPROVED");
    await expectChainIntact(t.org.id);
  });
});

describe("a connection cut between Storage and Postgres", () => {
  it("upload: the object is stored, its row is cut off — the upload removes the object itself, 503 to the caller", async () => {
    const t = await seedTenant({ roles: ["MEMBER"] });
    const agent = t.users.MEMBER!;
    const loopId = await newLoop(agent, t.org.slug);
    const auditBefore = await auditCount(t.org.id);

    let response: Response | undefined;
    const { cutAt } = await killMidway(
      "lock table public.transaction_documents in share mode",
      async () => {
        const { res, json } = await upload(agent, t.org.slug, loopId, pdfBytes("cut"), { name: "cut.pdf" });
        response = res;
        // The route answers instead of throwing; hand its failure to killMidway.
        if (!res.ok) throw new AppError(json.error!.code as never, json.error!.message);
      },
      async () => {
        // Cut between the two systems: the object is stored, its row not yet.
        expect(await objectsOfLoop(t.org.id, loopId)).toHaveLength(1);
      },
    );
    expect(cutAt).toMatch(/transaction_documents/);
    expect(response!.status).toBe(503);
    expect(response!.headers.get("retry-after")).toBe("5");

    expect(await ownerDb().transactionDocument.count({ where: { loopId } })).toBe(0);
    expect(await objectsOfLoop(t.org.id, loopId)).toEqual([]);
    expect(await auditCount(t.org.id)).toBe(auditBefore);
    await expectChainIntact(t.org.id);

    const again = await upload(agent, t.org.slug, loopId, pdfBytes("again"), { name: "again.pdf" });
    expect(again.res.status).toBe(201);
  });

  it("upload: the row is cut off AND the app can't remove the object — the sweeper removes the orphan", async () => {
    const t = await seedTenant({ roles: ["MEMBER"] });
    const agent = t.users.MEMBER!;
    const loopId = await newLoop(agent, t.org.slug);

    const holder = await holdLock("lock table public.transaction_documents in share mode");
    let stranded = "";
    try {
      const pending = upload(agent, t.org.slug, loopId, pdfBytes("stranded"), { name: "stranded.pdf" });
      const insert = await holder.waiter();
      expect(insert.query).toMatch(/transaction_documents/);
      // The object is in Storage now. Hold its row too, so the upload's clean-up waits on us — then cut that too:
      // what a process killed between the two systems leaves behind.
      stranded = (await objectsOfLoop(t.org.id, loopId))[0]!;
      await holder.query(
        "select 1 from storage.objects where bucket_id = 'documents' and name = $1 for update",
        [stranded],
      );
      await holder.terminate(insert.pid);
      const cleanup = await holder.waiter([insert.pid]);
      expect(cleanup.query).toMatch(/delete from storage\.objects/);
      await holder.terminate(cleanup.pid);
      expect((await pending).res.status).toBe(503);
    } finally {
      await holder.release();
    }

    expect(await ownerDb().transactionDocument.count({ where: { loopId } })).toBe(0);
    expect(await rawObject(stranded)).not.toBeNull(); // the orphan the sweeper is for
    await expectChainIntact(t.org.id);

    // Aged past the grace period, the sweeper removes it (and nothing else of this loop exists to keep).
    await ownerDb().$executeRaw`
      update storage.objects set created_at = now() - interval '1 hour' where bucket_id = 'documents' and name = ${stranded}`;
    const swept = await sweepOrphanedObjects({ db: ownerDb(), graceSeconds: 600 });
    expect(swept.removed).toContain(stranded);
    expect(await rawObject(stranded)).toBeNull();
  });

  it("delete: the row is shredded and committed, the object removal is cut — the sweeper removes the object", async () => {
    const t = await seedTenant({ roles: ["MEMBER"] });
    const agent = t.users.MEMBER!;
    const loopId = await newLoop(agent, t.org.slug);
    const { json } = await upload(agent, t.org.slug, loopId, pdfBytes("shred me"), { name: "shred.pdf" });
    const doc = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: json.document!.id } });
    const ctx = await ctxFor(agent, t.org.slug, "documents:write");

    const holder = await holdLock(
      "select 1 from storage.objects where bucket_id = 'documents' and name = $1 for update",
      [doc.storagePath],
    );
    try {
      const pending = deleteDocument(ctx, { organization: t.org.slug, documentId: doc.id });
      const removal = await holder.waiter();
      expect(removal.query).toMatch(/delete from storage\.objects/);
      await holder.terminate(removal.pid);
      // The row's change committed before Storage was asked: the delete succeeded for the user.
      expect(await pending).toMatchObject({ deleted: true, loopId });
    } finally {
      await holder.release();
    }

    const row = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.wrappedKey).toBeNull();
    expect(row.deletedAt).not.toBeNull();
    expect(await rawObject(doc.storagePath)).not.toBeNull();
    expect(await ownerDb().auditLog.count({ where: { entityId: doc.id, action: "document.deleted" } })).toBe(
      1,
    );
    await expectChainIntact(t.org.id);

    await ownerDb().$executeRaw`
      update storage.objects set created_at = now() - interval '1 hour' where bucket_id = 'documents' and name = ${doc.storagePath}`;
    const swept = await sweepOrphanedObjects({ db: ownerDb(), graceSeconds: 600 });
    expect(swept.removed).toContain(doc.storagePath);
    expect(await rawObject(doc.storagePath)).toBeNull();
  });
});
