import "server-only";
// What an agent writes on a contact's timeline (decision 0023): notes, calls, meetings and emails they log, and
// reminders. Each write is audited as an entry about the contact (entity 'contact', so the team reads it while the
// contact exists). Entries are edited and deleted by their author or an owner or admin — checked here for a clear
// message, and by RLS and a trigger underneath. Reminders are ticked done by anyone who may write contacts.
import { auditChanges, auditValues, recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { assertAssignee } from "@/lib/modules/organizations";
import { tenantService } from "@/lib/service";
import {
  completeFollowUpSchema,
  createReminderSchema,
  deleteEntrySchema,
  deleteReminderSchema,
  logEntrySchema,
  setReminderDoneSchema,
  updateEntrySchema,
  updateReminderSchema,
} from "../timeline-schemas";
import { STALE_CONTACT_MESSAGE } from "./contacts";

const GONE_CONTACT = "That contact doesn't exist (it may have been deleted).";
const GONE_ENTRY = "That entry doesn't exist any more (it may have been deleted).";
const GONE_REMINDER = "That reminder doesn't exist any more (it may have been deleted).";
const NOT_YOURS = "Only the person who logged this entry, or an owner or admin, can change it.";
const NOT_YOUR_REMINDER = "Only the person who set this reminder, or an owner or admin, can delete it.";

async function contactName(tx: TenantTx, ctx: AuthContext, id: string): Promise<string> {
  const contact = await tx.contact.findFirst({
    where: { id, organizationId: ctx.organization.id },
    select: { name: true },
  });
  if (!contact) throw new AppError("NOT_FOUND", GONE_CONTACT);
  return contact.name;
}

const managesAll = (ctx: AuthContext) => ctx.role === "OWNER" || ctx.role === "ADMIN";

function assertAuthor(ctx: AuthContext, createdBy: string | null, message: string) {
  if (createdBy !== ctx.user.id && !managesAll(ctx)) throw new AppError("FORBIDDEN", message);
}

const ENTRY_SELECT = {
  id: true,
  contactId: true,
  kind: true,
  body: true,
  occurredAt: true,
  callOutcome: true,
  durationMinutes: true,
  createdBy: true,
  contact: { select: { name: true } },
} as const;

export const logContactEntry = tenantService(logEntrySchema, async (tx, input, ctx) => {
  const name = await contactName(tx, ctx, input.contactId);
  const values = {
    kind: input.kind,
    body: input.body,
    occurredAt: input.occurredAt,
    callOutcome: input.callOutcome,
    durationMinutes: input.durationMinutes,
  };
  const created = await tx.contactEntry.create({
    data: {
      ...values,
      organizationId: ctx.organization.id,
      contactId: input.contactId,
      createdBy: ctx.user.id,
    },
    select: { id: true },
  });
  await recordAudit(tx, ctx, {
    action: "contact.entry_logged",
    entityType: "contact",
    entityId: input.contactId,
    newValues: auditValues({ name, entryId: created.id, ...values }),
  });
  return { id: created.id };
});

export const updateContactEntry = tenantService(updateEntrySchema, async (tx, input, ctx) => {
  const current = await tx.contactEntry.findFirst({
    where: { id: input.id, organizationId: ctx.organization.id },
    select: ENTRY_SELECT,
  });
  if (!current) throw new AppError("NOT_FOUND", GONE_ENTRY);
  assertAuthor(ctx, current.createdBy, NOT_YOURS);
  const next = {
    kind: input.kind,
    body: input.body,
    occurredAt: input.occurredAt,
    callOutcome: input.callOutcome,
    durationMinutes: input.durationMinutes,
  };
  const { changed, oldValues, newValues } = auditChanges(
    { ...current, occurredAt: current.occurredAt.toISOString() },
    { ...next, occurredAt: next.occurredAt.toISOString() },
  );
  if (changed.length === 0) return { id: input.id };
  await tx.contactEntry.update({ where: { id: input.id }, data: { ...next } });
  await recordAudit(tx, ctx, {
    action: "contact.entry_updated",
    entityType: "contact",
    entityId: current.contactId,
    oldValues,
    newValues: { ...(newValues as object), name: current.contact.name, entryId: input.id, kind: input.kind },
  });
  return { id: input.id };
});

export const deleteContactEntry = tenantService(deleteEntrySchema, async (tx, input, ctx) => {
  const current = await tx.contactEntry.findFirst({
    where: { id: input.id, organizationId: ctx.organization.id },
    select: ENTRY_SELECT,
  });
  if (!current) throw new AppError("NOT_FOUND", GONE_ENTRY);
  assertAuthor(ctx, current.createdBy, NOT_YOURS);
  const res = await tx.contactEntry.deleteMany({
    where: { id: input.id, organizationId: ctx.organization.id },
  });
  if (res.count !== 1) throw new AppError("NOT_FOUND", GONE_ENTRY);
  await recordAudit(tx, ctx, {
    action: "contact.entry_deleted",
    entityType: "contact",
    entityId: current.contactId,
    oldValues: auditValues({
      name: current.contact.name,
      entryId: current.id,
      kind: current.kind,
      body: current.body,
      occurredAt: current.occurredAt,
    }),
  });
  return { id: input.id };
});

const REMINDER_SELECT = {
  id: true,
  contactId: true,
  title: true,
  dueAt: true,
  assigneeId: true,
  completedAt: true,
  createdBy: true,
  contact: { select: { name: true } },
} as const;

export const createContactReminder = tenantService(createReminderSchema, async (tx, input, ctx) => {
  const name = await contactName(tx, ctx, input.contactId);
  // Nobody chosen: the reminder is the writer's own.
  const assigneeId = input.assigneeId ?? ctx.user.id;
  await assertAssignee(tx, ctx.organization.id, assigneeId, "assigneeId");
  const created = await tx.contactReminder.create({
    data: {
      organizationId: ctx.organization.id,
      contactId: input.contactId,
      title: input.title,
      dueAt: input.dueAt,
      assigneeId,
      createdBy: ctx.user.id,
    },
    select: { id: true },
  });
  await recordAudit(tx, ctx, {
    action: "contact.reminder_set",
    entityType: "contact",
    entityId: input.contactId,
    newValues: auditValues({
      name,
      reminderId: created.id,
      title: input.title,
      dueAt: input.dueAt,
      assigneeId,
    }),
  });
  return { id: created.id };
});

async function findReminder(tx: TenantTx, ctx: AuthContext, id: string) {
  const current = await tx.contactReminder.findFirst({
    where: { id, organizationId: ctx.organization.id },
    select: REMINDER_SELECT,
  });
  if (!current) throw new AppError("NOT_FOUND", GONE_REMINDER);
  return current;
}

export const updateContactReminder = tenantService(updateReminderSchema, async (tx, input, ctx) => {
  const current = await findReminder(tx, ctx, input.id);
  const assigneeId = input.assigneeId ?? ctx.user.id;
  const { changed, oldValues, newValues } = auditChanges(
    { title: current.title, dueAt: current.dueAt.toISOString(), assigneeId: current.assigneeId },
    { title: input.title, dueAt: input.dueAt.toISOString(), assigneeId },
  );
  if (changed.length === 0) return { id: input.id };
  if (changed.includes("assigneeId")) await assertAssignee(tx, ctx.organization.id, assigneeId, "assigneeId");
  await tx.contactReminder.update({
    where: { id: input.id },
    data: { title: input.title, dueAt: input.dueAt, assigneeId },
  });
  await recordAudit(tx, ctx, {
    action: "contact.reminder_updated",
    entityType: "contact",
    entityId: current.contactId,
    oldValues,
    newValues: { ...(newValues as object), name: current.contact.name, reminderId: input.id },
  });
  return { id: input.id };
});

export const setContactReminderDone = tenantService(setReminderDoneSchema, async (tx, input, ctx) => {
  const current = await findReminder(tx, ctx, input.id);
  // Already in the state asked for (a second click, a teammate got there first): nothing to do.
  if ((current.completedAt !== null) === input.done) return { id: input.id, done: input.done };
  await tx.contactReminder.update({
    where: { id: input.id },
    data: input.done
      ? { completedAt: new Date(), completedBy: ctx.user.id }
      : { completedAt: null, completedBy: null },
  });
  await recordAudit(tx, ctx, {
    action: input.done ? "contact.reminder_completed" : "contact.reminder_reopened",
    entityType: "contact",
    entityId: current.contactId,
    newValues: { name: current.contact.name, reminderId: input.id, title: current.title },
  });
  return { id: input.id, done: input.done };
});

export const deleteContactReminder = tenantService(deleteReminderSchema, async (tx, input, ctx) => {
  const current = await findReminder(tx, ctx, input.id);
  assertAuthor(ctx, current.createdBy, NOT_YOUR_REMINDER);
  const res = await tx.contactReminder.deleteMany({
    where: { id: input.id, organizationId: ctx.organization.id },
  });
  if (res.count !== 1) throw new AppError("NOT_FOUND", GONE_REMINDER);
  await recordAudit(tx, ctx, {
    action: "contact.reminder_deleted",
    entityType: "contact",
    entityId: current.contactId,
    oldValues: auditValues({
      name: current.contact.name,
      reminderId: input.id,
      title: current.title,
      dueAt: current.dueAt,
    }),
  });
  return { id: input.id };
});

/** The contact's follow-up date is a reminder too (decision 0023): done clears it, as editing the contact would. */
export const completeFollowUp = tenantService(completeFollowUpSchema, async (tx, input, ctx) => {
  const orgId = ctx.organization.id;
  const current = await tx.contact.findFirst({
    where: { id: input.contactId, organizationId: orgId },
    select: { name: true, nextFollowUp: true, version: true },
  });
  if (!current) throw new AppError("NOT_FOUND", GONE_CONTACT);
  const res = await tx.contact.updateMany({
    where: { id: input.contactId, organizationId: orgId, version: input.version },
    data: { nextFollowUp: null, version: { increment: 1 } },
  });
  if (res.count !== 1)
    throw new AppError("CONFLICT", STALE_CONTACT_MESSAGE, { details: { reason: "stale_version" } });
  await recordAudit(tx, ctx, {
    action: "contact.updated",
    entityType: "contact",
    entityId: input.contactId,
    oldValues: auditValues({ name: current.name, nextFollowUp: current.nextFollowUp }),
    newValues: { name: current.name, nextFollowUp: null },
  });
  return { id: input.contactId, version: input.version + 1 };
});
