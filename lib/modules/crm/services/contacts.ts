import "server-only";
// Contact mutations inside the caller's tenant transaction, each with its audit entry in the same
// transaction. Rules beyond RLS: one email per organization (a clear field error, also when a teammate wins
// the race), assignees must be accepted members, and edits use optimistic concurrency on `version` so a stale
// form reports a conflict instead of overwriting a teammate's change. A new assignee is notified.
import { auditChanges, auditValues, recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import type { Db } from "@/lib/database/client";
import type { Prisma } from "@/lib/database/generated/prisma/client";
import { AppError } from "@/lib/errors";
import {
  CONTACT_FIELDS,
  createContactSchema,
  deleteContactSchema,
  updateContactSchema,
  type ContactFields,
} from "../schemas";
import { notify } from "@/lib/modules/notifications";
import { assertAssignee } from "@/lib/modules/organizations";
import { tenantService } from "@/lib/service";

export interface CrmOptions {
  /** Prisma client to use (tests pass one that counts queries). */
  db?: Db;
}

export const DUPLICATE_EMAIL_MESSAGE = "A contact with this email already exists in your organization.";
export const STALE_CONTACT_MESSAGE =
  "Someone else changed this contact while you were editing. Reload to see their changes, then make yours again.";

const AUDITED_FIELDS = CONTACT_FIELDS;
type AuditedField = (typeof AUDITED_FIELDS)[number];

/** The audited fields of a contact (or of its form's data). */
function snapshot(c: Partial<Record<AuditedField, unknown>>): Partial<Record<AuditedField, unknown>> {
  return Object.fromEntries(AUDITED_FIELDS.filter((f) => f in c).map((f) => [f, c[f]]));
}

function duplicateEmail(): AppError {
  return new AppError("CONFLICT", DUPLICATE_EMAIL_MESSAGE, {
    fieldErrors: { email: [DUPLICATE_EMAIL_MESSAGE] },
    details: { reason: "duplicate_email" },
  });
}

/** A unique violation on the contact's email becomes the form's field error. */
const duplicateEmailError = (err: unknown) => (isUniqueViolation(err) ? duplicateEmail() : err);

/** A unique violation raised by the database (not one of our own CONFLICTs) — here only the email can clash. */
function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof AppError) || err.code !== "CONFLICT") return false;
  const cause = err.cause as { code?: string } | undefined;
  return (
    cause !== undefined &&
    (cause.code === "P2002" || /23505|unique/i.test(String((cause as Error).message ?? "")))
  );
}

async function assertEmailFree(
  tx: Prisma.TransactionClient,
  organizationId: string,
  email: string | null,
  exceptId?: string,
) {
  if (!email) return;
  const clash = await tx.contact.findFirst({
    where: { organizationId, email, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw duplicateEmail();
}

function contactData(input: ContactFields) {
  return {
    name: input.name,
    email: input.email,
    phone: input.phone,
    company: input.company,
    status: input.status,
    source: input.source,
    assignedTo: input.assignedTo,
    nextFollowUp: input.nextFollowUp,
    notes: input.notes,
  };
}

/** Tells a contact's new assignee (notify() skips the one who assigned it to themself). */
async function notifyContactAssignee(
  tx: Prisma.TransactionClient,
  ctx: AuthContext,
  contact: { id: string; name: string },
  assignedTo: string | null,
) {
  if (!assignedTo) return;
  await notify(tx, ctx, {
    userIds: [assignedTo],
    kind: "CONTACT_ASSIGNED",
    title: `Contact assigned to you: ${contact.name}`,
    body: `${ctx.user.name ?? ctx.user.email} assigned ${contact.name} to you.`,
    link: `/${ctx.organization.slug}/crm/contacts/${contact.id}`,
    entity: { type: "contact", id: contact.id },
  });
}

/** The contact's id, version and own fields, for writes that compare or keep them. */
export const CONTACT_FIELDS_SELECT = {
  id: true,
  version: true,
  name: true,
  email: true,
  phone: true,
  company: true,
  status: true,
  source: true,
  assignedTo: true,
  nextFollowUp: true,
  notes: true,
} as const satisfies Prisma.ContactSelect;

export interface ContactMutationResult {
  id: string;
  version: number;
  name: string;
}

export const createContact = tenantService(
  createContactSchema,
  async (tx, input, ctx): Promise<ContactMutationResult> => {
    const orgId = ctx.organization.id;
    await assertAssignee(tx, orgId, input.assignedTo);
    await assertEmailFree(tx, orgId, input.email);
    const data = contactData(input);
    const created = await tx.contact.create({
      data: { ...data, organizationId: orgId, createdBy: ctx.user.id },
      select: { id: true, version: true, name: true },
    });
    await recordAudit(tx, ctx, {
      action: "contact.created",
      entityType: "contact",
      entityId: created.id,
      newValues: auditValues(snapshot(data)),
    });
    await notifyContactAssignee(tx, ctx, created, input.assignedTo);
    return created;
  },
  { mapError: duplicateEmailError },
);

export const updateContact = tenantService(
  updateContactSchema,
  async (tx, input, ctx): Promise<ContactMutationResult> => {
    const orgId = ctx.organization.id;
    const current = await tx.contact.findFirst({
      where: { id: input.id, organizationId: orgId },
      select: CONTACT_FIELDS_SELECT,
    });
    if (!current) throw new AppError("NOT_FOUND", "That contact doesn't exist (it may have been deleted).");
    if (current.version !== input.version) {
      throw new AppError("CONFLICT", STALE_CONTACT_MESSAGE, {
        details: { reason: "stale_version", currentVersion: current.version },
      });
    }
    const data = contactData(input);
    // The contact's timeline lists each change, so its entry holds the changed fields only.
    const { changed, oldValues, newValues } = auditChanges(snapshot(current), snapshot(data));
    if (changed.includes("assignedTo")) await assertAssignee(tx, orgId, input.assignedTo);
    if (changed.includes("email")) await assertEmailFree(tx, orgId, input.email, input.id);
    // The version check is in the WHERE: a teammate's save between our read and this write makes it match nothing.
    const res = await tx.contact.updateMany({
      where: { id: input.id, organizationId: orgId, version: input.version },
      data: { ...data, version: { increment: 1 } },
    });
    if (res.count !== 1)
      throw new AppError("CONFLICT", STALE_CONTACT_MESSAGE, { details: { reason: "stale_version" } });
    await recordAudit(tx, ctx, {
      action: "contact.updated",
      entityType: "contact",
      entityId: input.id,
      oldValues,
      newValues,
    });
    if (changed.includes("assignedTo")) await notifyContactAssignee(tx, ctx, input, input.assignedTo);
    return { id: input.id, version: input.version + 1, name: input.name };
  },
  { mapError: duplicateEmailError },
);

/** Deletes the contact; its deals go with it (FK cascade), which the audit entry records. */
export const deleteContact = tenantService(deleteContactSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const current = await tx.contact.findFirst({
    where: { id: input.id, organizationId: orgId },
    select: { id: true, name: true, email: true, _count: { select: { deals: true } } },
  });
  if (!current)
    throw new AppError("NOT_FOUND", "That contact doesn't exist (it may have been deleted already).");
  const res = await tx.contact.deleteMany({ where: { id: input.id, organizationId: orgId } });
  if (res.count !== 1)
    throw new AppError("NOT_FOUND", "That contact doesn't exist (it may have been deleted already).");
  await recordAudit(tx, ctx, {
    action: "contact.deleted",
    entityType: "contact",
    entityId: input.id,
    oldValues: { name: current.name, email: current.email, deletedDeals: current._count.deals },
  });
  return { id: input.id, name: current.name, deletedDeals: current._count.deals };
});
