// Compliance review end to end through the services and the upload route (real Postgres, real Storage): documents
// filed in a loop's slots, submitted, approved or returned with a note, uploaded again after a return; who may
// review (the app AND the database refuse a member without the reviewer flag); closing only once every required
// slot is approved, unless the organization turned that off. The loop starts with its Purchase template's slots;
// the world keeps three of them and removes the rest, so what's required is known here.
import { describe, expect, it } from "vitest";
import { authorizeUser } from "@/lib/auth/authorize";
import { ZodError } from "zod";
import { addSlot, removeSlot } from "@/lib/modules/documents/services/slots";
import {
  approveDocument,
  fileDocument,
  returnDocument,
  submitLoopForReview,
} from "@/lib/modules/documents/services/review";
import { listReviewQueue } from "@/lib/modules/documents/queries/review-queue";
import { setMemberReviewer } from "@/lib/modules/organizations/services/members";
import { updateOrganization } from "@/lib/modules/organizations/services/organization";
import { getLoop, listLoops } from "@/lib/modules/transactions";
import { changeLoopStatus, closingRefused } from "@/lib/modules/transactions/services/loops";
import { withTenantContext } from "@/lib/database/tenant";
import { asApp } from "../../support/as-app";
import {
  addMember,
  asCurrentUser,
  createUser,
  ownerDb,
  seedTenant,
  type TestTenant,
  type TestUser,
} from "../../support/factories";
import { newLoop, upload } from "../transactions/support/documents";
import { ctxFor, failure } from "../transactions/support/helpers";
import { pdfBytes } from "../../../scripts/lib/sample-files";

interface World {
  t: TestTenant;
  org: string;
  owner: TestUser;
  admin: TestUser;
  agent: TestUser;
  /** A member without the reviewer flag. */
  member: TestUser;
  /** A member with the reviewer flag. */
  flagged: TestUser;
  flaggedMembership: string;
  loopId: string;
  slots: { agreement: string; inspection: string; loan: string };
}

async function world(): Promise<World> {
  const t = await seedTenant({ roles: ["OWNER", "ADMIN", "MEMBER"] });
  const org = t.org.slug;
  const member = await createUser({ name: "Mo Member" });
  await addMember(t, member, "MEMBER");
  const flagged = await createUser({ name: "Rita Reviewer" });
  const flaggedMembership = (await addMember(t, flagged, "MEMBER")).id;
  await ownerDb().organizationMember.update({
    where: { id: flaggedMembership },
    data: { grants: ["reviews:manage"] },
  });
  const agent = t.users.MEMBER!;
  const loopId = await newLoop(agent, org);
  const ctx = await ctxFor(agent, org);
  // The Purchase template's slots, as the loop was created with them: three kept, the others removed.
  const templateSlots = await ownerDb().loopDocumentSlot.findMany({
    where: { loopId },
    orderBy: { sortOrder: "asc" },
    select: { id: true, title: true, required: true },
  });
  const slot = (title: string, required: boolean) => {
    const found = templateSlots.find((s) => s.title === title);
    expect(found, `the template's "${title}" slot`).toMatchObject({ required });
    return found!.id;
  };
  const slots = {
    agreement: slot("Purchase agreement", true),
    loan: slot("Loan commitment letter", false),
    inspection: slot("Inspection report", true),
  };
  const kept = new Set(Object.values(slots));
  for (const s of templateSlots.filter((s) => !kept.has(s.id)))
    await removeSlot(ctx, { organization: org, slotId: s.id });
  return {
    t,
    org,
    owner: t.users.OWNER!,
    admin: t.users.ADMIN!,
    agent,
    member,
    flagged,
    flaggedMembership,
    loopId,
    slots,
  };
}

const docCtx = (user: TestUser, org: string) => ctxFor(user, org, "documents:write");
const reviewCtx = (user: TestUser, org: string) => ctxFor(user, org, "reviews:manage");

/** Uploads a PDF through the route, into a slot when one is given (?slot=). */
async function put(w: World, slotId: string | null, name: string, user = w.agent) {
  const { res, json } = await upload(user, w.org, w.loopId, pdfBytes(name), {
    name,
    ...(slotId ? { slot: slotId } : {}),
  });
  return { status: res.status, id: json.document?.id ?? null, error: json.error };
}

const notificationsOf = (w: World, user: TestUser) =>
  ownerDb().notification.findMany({
    where: { organizationId: w.t.org.id, userId: user.id },
    orderBy: { createdAt: "asc" },
  });

const auditOf = (entityId: string, action: string) =>
  ownerDb().auditLog.findMany({ where: { entityId, action } });

describe("filing documents in slots", () => {
  it("files on upload (?slot=) and afterwards, shows the slots required first with their state, and the rest below", async () => {
    const w = await world();
    const filed = await put(w, w.slots.agreement, "agreement.pdf");
    expect(filed.status).toBe(201);
    const loose = await put(w, null, "photo-of-kitchen.pdf");
    expect(loose.status).toBe(201);

    const row = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: filed.id! } });
    expect(row).toMatchObject({ slotId: w.slots.agreement, reviewStatus: "NOT_SUBMITTED" });
    expect((await auditOf(filed.id!, "document.uploaded"))[0]?.newValues).toMatchObject({
      slot: "Purchase agreement",
    });

    let loop = await getLoop(await ctxFor(w.agent, w.org, "loops:read"), w.loopId);
    expect(loop.slots.map((s) => [s.title, s.required, s.state])).toEqual([
      ["Purchase agreement", true, "UPLOADED"],
      ["Inspection report", true, "MISSING"],
      ["Loan commitment letter", false, "MISSING"],
    ]);
    expect(loop.slots[0]!.current?.id).toBe(filed.id);
    expect(loop.unfiledDocuments.map((d) => d.id)).toEqual([loose.id]);
    expect(loop.compliance).toMatchObject({ state: "MISSING", required: 2, missing: 1, uploaded: 1 });

    // Filed later, and out again: each move is audited, and its review starts over.
    const ctx = await docCtx(w.agent, w.org);
    await fileDocument(ctx, { organization: w.org, documentId: loose.id!, slotId: w.slots.inspection });
    loop = await getLoop(await ctxFor(w.agent, w.org, "loops:read"), w.loopId);
    expect(loop.slots.find((s) => s.id === w.slots.inspection)?.state).toBe("UPLOADED");
    expect(loop.unfiledDocuments).toEqual([]);
    expect(loop.compliance.state).toBe("UPLOADED");
    await fileDocument(ctx, { organization: w.org, documentId: loose.id!, slotId: null });
    const moves = await auditOf(loose.id!, "document.filed");
    expect(moves.map((m) => (m.newValues as { slot: string | null }).slot)).toEqual([
      "Inspection report",
      null,
    ]);
  });

  it("refuses a slot of another loop, on upload and when filing, and keeps nothing of the refused upload", async () => {
    const w = await world();
    const otherLoop = await newLoop(w.agent, w.org);
    const foreign = await addSlot(await ctxFor(w.agent, w.org), {
      organization: w.org,
      loopId: otherLoop,
      title: "Lease agreement",
      required: true,
    });
    const before = await ownerDb().transactionDocument.count({ where: { loopId: w.loopId } });
    const refused = await put(w, foreign.id, "wrong-slot.pdf");
    expect(refused.status).toBe(404);
    expect(refused.error?.code).toBe("NOT_FOUND");
    expect(await ownerDb().transactionDocument.count({ where: { loopId: w.loopId } })).toBe(before);

    const ok = await put(w, null, "fine.pdf");
    const err = await failure(
      fileDocument(await docCtx(w.agent, w.org), {
        organization: w.org,
        documentId: ok.id!,
        slotId: foreign.id,
      }),
    );
    expect(err.code).toBe("NOT_FOUND");
    // The database refuses it too (private.assert_slot_of_loop).
    const raw = await asApp(
      w.agent,
      w.t,
      "update public.transaction_documents set slot_id = $1 where id = $2",
      [foreign.id, ok.id],
    );
    expect(raw).toMatchObject({ ok: false, code: "23503" });
  });

  it("adds and removes a slot (audited on the loop); a slot with documents filed in it stays", async () => {
    const w = await world();
    const ctx = await ctxFor(w.agent, w.org);
    const hoa = await addSlot(ctx, { organization: w.org, loopId: w.loopId, title: "HOA documents" });
    expect(hoa.required).toBe(true);
    await put(w, w.slots.loan, "loan.pdf");
    const err = await failure(removeSlot(ctx, { organization: w.org, slotId: w.slots.loan }));
    expect(err.code).toBe("CONFLICT");
    await removeSlot(ctx, { organization: w.org, slotId: hoa.id });
    expect(await ownerDb().loopDocumentSlot.findUnique({ where: { id: hoa.id } })).toBeNull();
    const entries = await ownerDb().auditLog.findMany({
      where: { entityId: w.loopId, action: { in: ["slot.added", "slot.removed"] } },
      orderBy: { seq: "asc" },
    });
    const slotOf = (e: (typeof entries)[number]) =>
      ((e.newValues ?? e.oldValues) as { slot: string } | null)?.slot;
    // The template's slots the world removed, then this test's own.
    expect(entries.map((e) => [e.action, slotOf(e)])).toEqual([
      ["slot.removed", "Seller's disclosure"],
      ["slot.removed", "Closing disclosure"],
      ["slot.added", "HOA documents"],
      ["slot.removed", "HOA documents"],
    ]);
  });
});

describe("compliance review", () => {
  it("submits every filed, unreviewed document: PENDING, the loop's request stamped, audited, reviewers notified", async () => {
    const w = await world();
    const a = await put(w, w.slots.agreement, "agreement.pdf");
    const b = await put(w, w.slots.inspection, "inspection.pdf");
    const loose = await put(w, null, "notes.pdf");
    const result = await submitLoopForReview(await docCtx(w.agent, w.org), {
      organization: w.org,
      loopId: w.loopId,
    });
    expect(result.submitted).toBe(2);

    const docs = await ownerDb().transactionDocument.findMany({ where: { loopId: w.loopId } });
    const status = Object.fromEntries(docs.map((d) => [d.id, d.reviewStatus]));
    expect(status).toEqual({ [a.id!]: "PENDING", [b.id!]: "PENDING", [loose.id!]: "NOT_SUBMITTED" });
    expect(docs.find((d) => d.id === a.id)!.submittedAt).toBeInstanceOf(Date);
    const loop = await ownerDb().transactionLoop.findUniqueOrThrow({ where: { id: w.loopId } });
    expect(loop.reviewRequestedBy).toBe(w.agent.id);
    expect(loop.reviewRequestedAt).toBeInstanceOf(Date);
    expect(await auditOf(w.loopId, "review.submitted")).toHaveLength(1);
    expect(await auditOf(a.id!, "document.submitted")).toHaveLength(1);
    expect(await auditOf(b.id!, "document.submitted")).toHaveLength(1);

    // Reviewers: the owner, the admin and the flagged member — not the agent who submitted, not a plain member.
    for (const reviewer of [w.owner, w.admin, w.flagged]) {
      const got = await notificationsOf(w, reviewer);
      expect(got.map((n) => n.kind)).toEqual(["REVIEW_REQUESTED"]);
      expect(got[0]).toMatchObject({
        link: `/${w.org}/transactions/${w.loopId}`,
        entityType: "transaction_loop",
        entityId: w.loopId,
        createdBy: w.agent.id,
      });
    }
    expect(await notificationsOf(w, w.agent)).toEqual([]);
    expect(await notificationsOf(w, w.member)).toEqual([]);

    // The queue: pending documents of the organization, the longest-waiting first.
    const queue = await listReviewQueue(await reviewCtx(w.admin, w.org));
    expect(queue.total).toBe(2);
    expect(queue.items.map((i) => i.documentId)).toEqual([a.id, b.id]);
    expect(queue.items[0]).toMatchObject({ slotTitle: "Purchase agreement", loop: { id: w.loopId } });

    // Nothing new to submit is a conflict, not an empty round.
    const again = await failure(
      submitLoopForReview(await docCtx(w.agent, w.org), { organization: w.org, loopId: w.loopId }),
    );
    expect(again.code).toBe("CONFLICT");
  });

  it("approves, or returns with a required note; tells the uploader and the loop's teammates; a re-upload is a new document to submit", async () => {
    const w = await world();
    // A teammate on the loop (a participant), who hears about its documents too.
    const coordinator = await createUser({ name: "Tess Coordinator" });
    await addMember(w.t, coordinator, "MEMBER");
    await ownerDb().loopParticipant.create({
      data: {
        organizationId: w.t.org.id,
        loopId: w.loopId,
        role: "TRANSACTION_COORDINATOR",
        userId: coordinator.id,
      },
    });
    const a = await put(w, w.slots.agreement, "agreement.pdf");
    const b = await put(w, w.slots.inspection, "inspection.pdf");
    await submitLoopForReview(await docCtx(w.agent, w.org), { organization: w.org, loopId: w.loopId });
    const admin = await reviewCtx(w.admin, w.org);

    // A return without a note is refused by the service's schema and by the database.
    const noNote = await returnDocument(admin, { organization: w.org, documentId: b.id!, note: "   " }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(noNote).toBeInstanceOf(ZodError);
    expect((noNote as ZodError).issues[0]?.path).toEqual(["note"]);
    const rawNoNote = await asApp(
      w.admin,
      w.t,
      "update public.transaction_documents set review_status = 'RETURNED', reviewed_by = $1, reviewed_at = now() where id = $2",
      [w.admin.id, b.id],
    );
    expect(rawNoNote).toMatchObject({ ok: false, code: "23514" });

    await approveDocument(admin, { organization: w.org, documentId: a.id! });
    await returnDocument(admin, {
      organization: w.org,
      documentId: b.id!,
      note: "Pages 3 and 4 are missing the buyer's initials.",
    });
    const docA = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: a.id! } });
    const docB = await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: b.id! } });
    expect(docA).toMatchObject({ reviewStatus: "APPROVED", reviewedBy: w.admin.id, reviewNote: null });
    expect(docA.reviewedAt).toBeInstanceOf(Date);
    expect(docB).toMatchObject({
      reviewStatus: "RETURNED",
      reviewedBy: w.admin.id,
      reviewNote: "Pages 3 and 4 are missing the buyer's initials.",
    });
    expect(await auditOf(a.id!, "document.approved")).toHaveLength(1);
    expect((await auditOf(b.id!, "document.returned"))[0]?.newValues).toMatchObject({
      note: "Pages 3 and 4 are missing the buyer's initials.",
      slot: "Inspection report",
    });
    // A decision is final until something new is submitted.
    expect((await failure(approveDocument(admin, { organization: w.org, documentId: a.id! }))).code).toBe(
      "CONFLICT",
    );

    for (const person of [w.agent, coordinator]) {
      const got = await notificationsOf(w, person);
      expect(got.map((n) => [n.kind, n.entityId])).toEqual([
        ["DOCUMENT_APPROVED", a.id],
        ["DOCUMENT_RETURNED", b.id],
      ]);
      expect(got[1]!.body).toContain("Pages 3 and 4 are missing the buyer's initials.");
    }
    // The reviewer isn't told of their own decisions (only of the request).
    expect((await notificationsOf(w, w.admin)).map((n) => n.kind)).toEqual(["REVIEW_REQUESTED"]);

    let loop = await getLoop(await ctxFor(w.agent, w.org, "loops:read"), w.loopId);
    const inspection = () => loop.slots.find((s) => s.id === w.slots.inspection)!;
    expect(inspection().state).toBe("RETURNED");
    expect(inspection().current?.reviewNote).toBe("Pages 3 and 4 are missing the buyer's initials.");
    expect(loop.compliance).toMatchObject({ state: "RETURNED", approved: 1, returned: 1 });

    // Uploaded again: a new document, not submitted, in the same slot; the returned one stays as history.
    const b2 = await put(w, w.slots.inspection, "inspection-signed.pdf");
    loop = await getLoop(await ctxFor(w.agent, w.org, "loops:read"), w.loopId);
    expect(inspection().state).toBe("UPLOADED");
    expect(inspection().current?.id).toBe(b2.id);
    expect(inspection().documents.map((d) => [d.id, d.reviewStatus])).toEqual([
      [b2.id, "NOT_SUBMITTED"],
      [b.id, "RETURNED"],
    ]);
    const second = await submitLoopForReview(await docCtx(w.agent, w.org), {
      organization: w.org,
      loopId: w.loopId,
    });
    expect(second.submitted).toBe(1);
    await approveDocument(admin, { organization: w.org, documentId: b2.id! });
    loop = await getLoop(await ctxFor(w.agent, w.org, "loops:read"), w.loopId);
    expect(loop.compliance).toMatchObject({ state: "APPROVED", approved: 2, required: 2 });
    const list = await listLoops(await ctxFor(w.agent, w.org, "loops:read"), { status: "ALL", scope: "all" });
    expect(list.loops.find((l) => l.id === w.loopId)?.compliance.state).toBe("APPROVED");
  });
});

describe("who reviews", () => {
  it("a member without the reviewer flag can't approve: FORBIDDEN from the app, 42501 from the database", async () => {
    const w = await world();
    const a = await put(w, w.slots.agreement, "agreement.pdf");
    await submitLoopForReview(await docCtx(w.agent, w.org), { organization: w.org, loopId: w.loopId });

    for (const user of [w.member, w.agent]) {
      const err = await failure(
        authorizeUser(asCurrentUser(user), { organization: w.org, permission: "reviews:manage" }),
      );
      expect(err.code).toBe("FORBIDDEN");
      // The app's role with the member's claims, straight at the row: the database refuses.
      const raw = await asApp(
        user,
        w.t,
        "update public.transaction_documents set review_status = 'APPROVED', reviewed_by = $1, reviewed_at = now() where id = $2",
        [user.id, a.id],
      );
      expect(raw).toMatchObject({ ok: false, code: "42501" });
      expect(raw.ok === false && raw.message).toMatch(/only a reviewer approves or returns/);
    }
    // Even a reviewer can't stamp someone else as the reviewer.
    const stamped = await asApp(
      w.flagged,
      w.t,
      "update public.transaction_documents set review_status = 'APPROVED', reviewed_by = $1, reviewed_at = now() where id = $2",
      [w.owner.id, a.id],
    );
    expect(stamped).toMatchObject({ ok: false, code: "42501" });
    expect(
      (await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: a.id! } })).reviewStatus,
    ).toBe("PENDING");

    // With the flag, a member approves.
    await approveDocument(await reviewCtx(w.flagged, w.org), { organization: w.org, documentId: a.id! });
    expect(await ownerDb().transactionDocument.findUniqueOrThrow({ where: { id: a.id! } })).toMatchObject({
      reviewStatus: "APPROVED",
      reviewedBy: w.flagged.id,
    });
  });

  it("owners and admins turn the reviewer flag on and off (audited as a role change); members can't", async () => {
    const w = await world();
    const membership = await ownerDb().organizationMember.findFirstOrThrow({
      where: { organizationId: w.t.org.id, userId: w.member.id },
    });
    const admin = await ctxFor(w.admin, w.org, "members:manage");
    expect(
      (
        await failure(
          authorizeUser(asCurrentUser(w.agent), { organization: w.org, permission: "members:manage" }),
        )
      ).code,
    ).toBe("FORBIDDEN");

    await setMemberReviewer(admin, { organization: w.org, memberId: membership.id, reviewer: true });
    expect(
      (await ownerDb().organizationMember.findUniqueOrThrow({ where: { id: membership.id } })).grants,
    ).toEqual(["reviews:manage"]);
    await expect(
      authorizeUser(asCurrentUser(w.member), { organization: w.org, permission: "reviews:manage" }),
    ).resolves.toBeTruthy();
    const entry = await ownerDb().auditLog.findFirstOrThrow({
      where: { entityId: membership.id, action: "member.role_changed" },
    });
    expect(entry).toMatchObject({
      oldValues: { role: "MEMBER", grants: [] },
      newValues: { role: "MEMBER", grants: ["reviews:manage"] },
    });

    await setMemberReviewer(admin, { organization: w.org, memberId: membership.id, reviewer: false });
    expect(
      (
        await failure(
          authorizeUser(asCurrentUser(w.member), { organization: w.org, permission: "reviews:manage" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    // Owners and admins review by their role; the flag is for members and viewers.
    const adminMembership = w.t.members.ADMIN!;
    expect(
      (
        await failure(
          setMemberReviewer(admin, { organization: w.org, memberId: adminMembership, reviewer: true }),
        )
      ).code,
    ).toBe("CONFLICT");
  });
});

describe("closing", () => {
  async function toClosing(w: World, loopId = w.loopId) {
    const ctx = await ctxFor(w.agent, w.org);
    for (const status of ["ACTIVE", "UNDER_CONTRACT", "CLOSING"] as const)
      await changeLoopStatus(ctx, { organization: w.org, loopId, status });
    return ctx;
  }

  it("is refused, naming what's missing, until every required slot is approved; the database refuses it too", async () => {
    const w = await world();
    const ctx = await toClosing(w);
    const close = () => changeLoopStatus(ctx, { organization: w.org, loopId: w.loopId, status: "CLOSED" });

    let err = await failure(close());
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toBe(
      "Every required document must be approved before this transaction can close. Not approved yet: Purchase agreement, Inspection report.",
    );

    const a = await put(w, w.slots.agreement, "agreement.pdf");
    const b = await put(w, w.slots.inspection, "inspection.pdf");
    await submitLoopForReview(await docCtx(w.agent, w.org), { organization: w.org, loopId: w.loopId });
    const admin = await reviewCtx(w.admin, w.org);
    await approveDocument(admin, { organization: w.org, documentId: a.id! });
    err = await failure(close());
    expect(err.message).toMatch(/Not approved yet: Inspection report\.$/);

    // The backstop: the app's role straight at the row is refused by private.assert_closable, and that refusal
    // reads as the app's own.
    const raw = await withTenantContext(
      { user: w.agent, organization: { id: w.t.org.id } },
      (tx) =>
        tx.$executeRaw`update public.transaction_loops set status = 'CLOSED' where id = ${w.loopId}::uuid`,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    const mapped = closingRefused(raw) as { code?: string; message?: string };
    expect(mapped).toMatchObject({
      code: "CONFLICT",
      message: "Every required document must be approved before this transaction can close.",
    });

    await returnDocument(admin, { organization: w.org, documentId: b.id!, note: "Unsigned." });
    expect((await failure(close())).code).toBe("CONFLICT");
    const b2 = await put(w, w.slots.inspection, "inspection-signed.pdf");
    await submitLoopForReview(await docCtx(w.agent, w.org), { organization: w.org, loopId: w.loopId });
    await approveDocument(admin, { organization: w.org, documentId: b2.id! });

    // Every required slot approved (the optional loan letter is still missing): it closes.
    await expect(close()).resolves.toEqual({ id: w.loopId, status: "CLOSED" });
  });

  it("is allowed without approvals when the organization turns the setting off", async () => {
    const w = await world();
    const ctx = await toClosing(w);
    const owner = await ctxFor(w.owner, w.org, "organization:update");
    await updateOrganization(owner, { organization: w.org, requireApprovalToClose: false });
    expect(
      (await ownerDb().organization.findUniqueOrThrow({ where: { id: w.t.org.id } })).requireApprovalToClose,
    ).toBe(false);
    const entry = await ownerDb().auditLog.findFirstOrThrow({
      where: { entityId: w.t.org.id, action: "organization.updated" },
    });
    expect(entry).toMatchObject({
      oldValues: { requireApprovalToClose: true },
      newValues: { requireApprovalToClose: false },
    });
    await expect(
      changeLoopStatus(ctx, { organization: w.org, loopId: w.loopId, status: "CLOSED" }),
    ).resolves.toEqual({ id: w.loopId, status: "CLOSED" });
  });
});
