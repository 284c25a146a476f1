// Client-safe zod schemas, labels and rules for transaction loops and their tasks (forms and actions share them).
import { z } from "zod";
import type {
  OrgRole,
  KeyDateKind as DbKeyDateKind,
  KeyDateStatus as DbKeyDateStatus,
  LoopStatus as DbLoopStatus,
  ParticipantRole as DbParticipantRole,
  TaskCategory as DbTaskCategory,
  TaskStatus as DbTaskStatus,
  TransactionType as DbTransactionType,
} from "@/lib/database/generated/prisma/enums";
import {
  optionalEmail,
  optionalPhone,
  optionalText,
  optionalUuid,
  organizationRef as orgRef,
  text,
} from "@/lib/validation";

/** A select whose empty option means "none": "", null and undefined all become null. */
const noneIfEmpty = <T extends z.ZodType<string>>(schema: T, error?: string) =>
  z
    .union([z.literal(""), schema], error ? { error } : undefined)
    .nullish()
    .transform((v): z.output<T> | null => v || null);

export const LOOP_STATUSES = [
  "DRAFT",
  "ACTIVE",
  "UNDER_CONTRACT",
  "CLOSING",
  "CLOSED",
  "CANCELLED",
] as const satisfies readonly DbLoopStatus[];
export type LoopStatus = (typeof LOOP_STATUSES)[number];
export const TRANSACTION_TYPES = [
  "PURCHASE",
  "LISTING",
  "DUAL",
  "LEASE",
] as const satisfies readonly DbTransactionType[];
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export const TASK_CATEGORIES = [
  "PRE_LISTING",
  "LISTING",
  "UNDER_CONTRACT",
  "CLOSING",
  "OTHER",
  "OFFER",
  "DUE_DILIGENCE",
  "FINANCING",
  "LEASING",
] as const satisfies readonly DbTaskCategory[];
export type TaskCategory = (typeof TASK_CATEGORIES)[number];
export const TASK_STATUSES = ["TODO", "IN_PROGRESS", "DONE"] as const satisfies readonly DbTaskStatus[];
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const LOOP_STATUS_LABELS: Record<LoopStatus, string> = {
  DRAFT: "Draft",
  ACTIVE: "Active",
  UNDER_CONTRACT: "Under contract",
  CLOSING: "Closing",
  CLOSED: "Closed",
  CANCELLED: "Cancelled",
};
export const TRANSACTION_TYPE_LABELS: Record<TransactionType, string> = {
  PURCHASE: "Purchase",
  LISTING: "Listing",
  DUAL: "Dual agency",
  LEASE: "Lease",
};
export const TASK_CATEGORY_LABELS: Record<TaskCategory, string> = {
  PRE_LISTING: "Pre-listing",
  LISTING: "Listing",
  UNDER_CONTRACT: "Under contract",
  CLOSING: "Closing",
  OTHER: "Other",
  OFFER: "Offer",
  DUE_DILIGENCE: "Due diligence",
  FINANCING: "Financing",
  LEASING: "Leasing",
};
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  TODO: "To do",
  IN_PROGRESS: "In progress",
  DONE: "Done",
};

/** "YYYY-MM-DD" or empty → the date string or null. */
const optionalDate = z
  .string()
  .trim()
  .nullish()
  .refine(
    (v) => !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))),
    "Enter a valid date",
  )
  .transform((v) => v || null);

/** Money as a decimal string (kept exact for numeric(14,2)); "$450,000" is accepted. */
const priceSchema = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === undefined || v === null ? "" : String(v).replace(/[\s,$]/g, "")))
  .refine((v) => v === "" || /^\d{1,12}(\.\d{1,2})?$/.test(v), "Enter an amount like 450000 or 450000.50")
  .transform((v) => (v === "" ? null : v));

const loopFields = {
  propertyAddress: text().min(1, "Enter the property address").max(300, "Use at most 300 characters"),
  transactionType: z.enum(TRANSACTION_TYPES, { error: "Choose a transaction type" }),
  listingPrice: priceSchema,
  expectedClosing: optionalDate,
};

export const createLoopSchema = z.object({ organization: orgRef, ...loopFields });
export type CreateLoopInput = z.input<typeof createLoopSchema>;

export const updateLoopSchema = z.object({ organization: orgRef, loopId: z.uuid(), ...loopFields });
export type UpdateLoopInput = z.input<typeof updateLoopSchema>;

export const changeLoopStatusSchema = z.object({
  organization: orgRef,
  loopId: z.uuid(),
  status: z.enum(LOOP_STATUSES),
});
export const deleteLoopSchema = z.object({ organization: orgRef, loopId: z.uuid() });

export const LOOP_FILTERS = ["OPEN", "ALL", ...LOOP_STATUSES] as const;
export type LoopFilter = (typeof LOOP_FILTERS)[number];
/** "mine": loops I take part in (a participant); "all": the organization's. Absent: defaultLoopScope. */
export const LOOP_SCOPES = ["mine", "all"] as const;
export type LoopScope = (typeof LOOP_SCOPES)[number];
export const listLoopsSchema = z.object({
  status: z.enum(LOOP_FILTERS).catch("OPEN"),
  q: text().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  scope: z.enum(LOOP_SCOPES).optional().catch(undefined),
});

/** Members work their own loops; owners and admins oversee all of them, and viewers (who take part in none) too. */
export function defaultLoopScope(role: OrgRole): LoopScope {
  return role === "MEMBER" ? "mine" : "all";
}

const taskFields = {
  title: text().min(1, "Enter what needs to be done").max(200, "Use at most 200 characters"),
  category: z.enum(TASK_CATEGORIES, { error: "Choose a stage" }).default("OTHER"),
  dueDate: optionalDate,
  assigneeId: noneIfEmpty(z.uuid("Choose a member")),
};

export const addTaskSchema = z.object({ organization: orgRef, loopId: z.uuid(), ...taskFields });
export type AddTaskInput = z.input<typeof addTaskSchema>;

export const updateTaskSchema = z.object({
  organization: orgRef,
  taskId: z.uuid(),
  ...taskFields,
  status: z.enum(TASK_STATUSES),
  /** A task dated by hand goes back to following its key date (the due date field is then ignored). */
  followKeyDate: z.boolean().default(false),
});
export type UpdateTaskInput = z.input<typeof updateTaskSchema>;

export const setTaskCompletedSchema = z.object({
  organization: orgRef,
  taskId: z.uuid(),
  completed: z.boolean(),
});
/** A list in its new order: every id once. */
const orderedIds = (noun: string) =>
  z
    .array(z.uuid())
    .min(1)
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, `Each ${noun} may appear once`);
export const reorderTasksSchema = z.object({
  organization: orgRef,
  loopId: z.uuid(),
  taskIds: orderedIds("task"),
});
export const deleteTaskSchema = z.object({ organization: orgRef, taskId: z.uuid() });

// ---------------------------------------------------------------------------------------------------
// Which loop status may follow which, as data. CLOSED is final; CANCELLED can only be reopened as a draft.
// Unit-tested in tests/unit/transactions-loop-status.test.ts; the service refuses anything not listed.
// ---------------------------------------------------------------------------------------------------
export const LOOP_STATUS_TRANSITIONS: Readonly<Record<LoopStatus, readonly LoopStatus[]>> = {
  DRAFT: ["ACTIVE", "CANCELLED"],
  ACTIVE: ["DRAFT", "UNDER_CONTRACT", "CANCELLED"],
  UNDER_CONTRACT: ["ACTIVE", "CLOSING", "CANCELLED"],
  CLOSING: ["UNDER_CONTRACT", "CLOSED", "CANCELLED"],
  CLOSED: [],
  CANCELLED: ["DRAFT"],
};

export function canTransition(from: LoopStatus, to: LoopStatus): boolean {
  return LOOP_STATUS_TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: LoopStatus): readonly LoopStatus[] {
  return LOOP_STATUS_TRANSITIONS[from];
}

/** Loops that are still being worked on (for the default list filter). */
export const OPEN_STATUSES: readonly LoopStatus[] = ["DRAFT", "ACTIVE", "UNDER_CONTRACT", "CLOSING"];

// ---------------------------------------------------------------------------------------------------
// People on a loop (participants): a CRM contact (picked, or created with the participant) or a teammate, in
// a role. The loop page groups them by side.
// ---------------------------------------------------------------------------------------------------
export const PARTICIPANT_ROLES = [
  "BUYER",
  "SELLER",
  "LISTING_AGENT",
  "BUYERS_AGENT",
  "LENDER",
  "TITLE_ESCROW",
  "INSPECTOR",
  "ATTORNEY",
  "TRANSACTION_COORDINATOR",
  "TENANT",
  "LANDLORD",
  "OTHER",
] as const satisfies readonly DbParticipantRole[];
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  BUYER: "Buyer",
  SELLER: "Seller",
  LISTING_AGENT: "Listing agent",
  BUYERS_AGENT: "Buyer's agent",
  LENDER: "Lender",
  TITLE_ESCROW: "Title / escrow",
  INSPECTOR: "Inspector",
  ATTORNEY: "Attorney",
  TRANSACTION_COORDINATOR: "Transaction coordinator",
  TENANT: "Tenant",
  LANDLORD: "Landlord",
  OTHER: "Other",
};

export const PARTICIPANT_SIDES = ["BUYER_SIDE", "SELLER_SIDE", "SERVICES"] as const;
export type ParticipantSide = (typeof PARTICIPANT_SIDES)[number];

/** Which side a role is on: the buyer's (or tenant's), the seller's (or landlord's), or a service to the deal. */
export const PARTICIPANT_SIDE_OF: Record<ParticipantRole, ParticipantSide> = {
  BUYER: "BUYER_SIDE",
  BUYERS_AGENT: "BUYER_SIDE",
  TENANT: "BUYER_SIDE",
  SELLER: "SELLER_SIDE",
  LISTING_AGENT: "SELLER_SIDE",
  LANDLORD: "SELLER_SIDE",
  LENDER: "SERVICES",
  TITLE_ESCROW: "SERVICES",
  INSPECTOR: "SERVICES",
  ATTORNEY: "SERVICES",
  TRANSACTION_COORDINATOR: "SERVICES",
  OTHER: "SERVICES",
};

/** A side's heading; a lease has a tenant's and a landlord's side. */
export function participantSideLabel(side: ParticipantSide, type: TransactionType): string {
  if (side === "SERVICES") return "Services";
  if (type === "LEASE") return side === "BUYER_SIDE" ? "Tenant side" : "Landlord side";
  return side === "BUYER_SIDE" ? "Buyer side" : "Seller side";
}

/** Who is added: a CRM contact picked by search, a new contact created with the participant, or a teammate. */
export const PARTICIPANT_KINDS = ["contact", "newContact", "member"] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/** One flat shape for the three kinds (a form's fields map to it one to one); each kind requires its own fields. */
export const addParticipantSchema = z
  .object({
    organization: orgRef,
    loopId: z.uuid(),
    role: z.enum(PARTICIPANT_ROLES, { error: "Choose a role" }),
    kind: z.enum(PARTICIPANT_KINDS, { error: "Choose who to add" }),
    contactId: optionalUuid("Choose a contact"),
    userId: optionalUuid("Choose a teammate"),
    name: optionalText(200, "Name"),
    email: optionalEmail,
    phone: optionalPhone,
  })
  .superRefine((v, issue) => {
    const need = (path: "contactId" | "userId" | "name", message: string) =>
      issue.addIssue({ code: "custom", path: [path], message });
    if (v.kind === "contact" && !v.contactId) need("contactId", "Choose a contact");
    if (v.kind === "member" && !v.userId) need("userId", "Choose a teammate");
    if (v.kind === "newContact" && !v.name) need("name", "Enter a name");
  });
export type AddParticipantInput = z.input<typeof addParticipantSchema>;

export const removeParticipantSchema = z.object({ organization: orgRef, participantId: z.uuid() });

// ---------------------------------------------------------------------------------------------------
// Checklist templates and key dates (issue 12). A template's task items say which participant role does them and
// when they are due, counted from one of the loop's key dates ("Inspection − 2 days"); its document items become
// the loop's document slots. Key dates (and contingencies) have a date and a status; custom ones carry a label.
// ---------------------------------------------------------------------------------------------------
/** The standard key dates, in the order a transaction meets them. Tasks can only be due relative to these. */
export const KEY_DATE_KINDS = [
  "ACCEPTANCE",
  "INSPECTION",
  "APPRAISAL",
  "FINANCING",
  "CLOSING",
  "POSSESSION",
] as const satisfies readonly DbKeyDateKind[];
export type StandardKeyDateKind = (typeof KEY_DATE_KINDS)[number];
export type KeyDateKind = StandardKeyDateKind | "CUSTOM";
export const KEY_DATE_KIND_LABELS: Record<KeyDateKind, string> = {
  ACCEPTANCE: "Acceptance",
  INSPECTION: "Inspection",
  APPRAISAL: "Appraisal",
  FINANCING: "Financing",
  CLOSING: "Closing",
  POSSESSION: "Possession",
  CUSTOM: "Custom date",
};
export const KEY_DATE_STATUSES = ["PENDING", "MET", "WAIVED"] as const satisfies readonly DbKeyDateStatus[];
export type KeyDateStatus = (typeof KEY_DATE_STATUSES)[number];
export const KEY_DATE_STATUS_LABELS: Record<KeyDateStatus, string> = {
  PENDING: "Pending",
  MET: "Met",
  WAIVED: "Waived",
};

/**
 * How a due rule reads: "Inspection − 2 days", "Acceptance + 1 day", "Inspection day" (short: "Inspection − 2 d").
 * Null when there is no rule (no key date).
 */
export function dueRuleLabel(
  kind: KeyDateKind | null,
  offsetDays: number | null,
  style: "long" | "short" = "long",
): string | null {
  if (kind === null || kind === "CUSTOM" || offsetDays === null) return null;
  const name = KEY_DATE_KIND_LABELS[kind];
  if (offsetDays === 0) return `${name} day`;
  const n = Math.abs(offsetDays);
  const unit = style === "short" ? "d" : n === 1 ? "day" : "days";
  return `${name} ${offsetDays < 0 ? "−" : "+"} ${n} ${unit}`;
}

/** A due rule as the template form edits it: a number of days before or after a key date. */
export const DUE_DIRECTIONS = ["BEFORE", "AFTER"] as const;
export type DueDirection = (typeof DUE_DIRECTIONS)[number];
export const toOffsetDays = (days: number, direction: DueDirection) =>
  direction === "BEFORE" ? -days : days;
export const fromOffsetDays = (offset: number | null): { dueDays: number; dueDirection: DueDirection } => ({
  dueDays: Math.abs(offset ?? 0),
  // Most checklist work comes before its date: a new rule starts as "before".
  dueDirection: offset === null || offset < 0 ? "BEFORE" : "AFTER",
});

const itemTitle = text().min(1, "Enter a title").max(200, "Use at most 200 characters");
const templateTaskFields = {
  kind: z.literal("TASK"),
  title: itemTitle,
  category: z.enum(TASK_CATEGORIES, { error: "Choose a stage" }),
  assigneeRole: noneIfEmpty(z.enum(PARTICIPANT_ROLES), "Choose a role"),
  /** The key date the task is due relative to; none means the task has no due date until someone gives it one. */
  keyDateKind: noneIfEmpty(z.enum(KEY_DATE_KINDS), "Choose a key date"),
  dueDays: z.coerce
    .number({ error: "Enter a number of days" })
    .int("Use whole days")
    .min(0, "Use 0 or more days")
    .max(365, "Use at most 365 days")
    .default(0),
  dueDirection: z.enum(DUE_DIRECTIONS).default("BEFORE"),
};
const templateDocumentFields = {
  kind: z.literal("DOCUMENT"),
  title: itemTitle,
  required: z.boolean().default(true),
};

const toTemplate = { organization: orgRef, templateId: z.uuid() };
const templateItem = { organization: orgRef, itemId: z.uuid() };

export const addTemplateTaskSchema = z.object({ ...toTemplate, ...templateTaskFields });
export type AddTemplateTaskInput = z.input<typeof addTemplateTaskSchema>;
export const addTemplateDocumentSchema = z.object({ ...toTemplate, ...templateDocumentFields });
export type AddTemplateDocumentInput = z.input<typeof addTemplateDocumentSchema>;
export const addTemplateItemSchema = z.discriminatedUnion("kind", [
  addTemplateTaskSchema,
  addTemplateDocumentSchema,
]);

export const updateTemplateTaskSchema = z.object({ ...templateItem, ...templateTaskFields });
export type UpdateTemplateTaskInput = z.input<typeof updateTemplateTaskSchema>;
export const updateTemplateDocumentSchema = z.object({ ...templateItem, ...templateDocumentFields });
export type UpdateTemplateDocumentInput = z.input<typeof updateTemplateDocumentSchema>;
export const updateTemplateItemSchema = z.discriminatedUnion("kind", [
  updateTemplateTaskSchema,
  updateTemplateDocumentSchema,
]);

export const removeTemplateItemSchema = z.object(templateItem);
export const reorderTemplateItemsSchema = z.object({ ...toTemplate, itemIds: orderedIds("item") });

/** Sets a loop's key date: a standard one by its kind (created on first use), a custom one by id, or adds a custom one. */
export const saveKeyDateSchema = z
  .object({
    organization: orgRef,
    loopId: z.uuid(),
    kind: z.enum([...KEY_DATE_KINDS, "CUSTOM"], { error: "Choose a key date" }),
    keyDateId: noneIfEmpty(z.uuid()),
    label: optionalText(120, "The name"),
    date: optionalDate,
    status: z.enum(KEY_DATE_STATUSES, { error: "Choose a status" }).default("PENDING"),
  })
  .refine((v) => v.kind !== "CUSTOM" || v.label !== null, {
    path: ["label"],
    message: "Name the date",
  });
export type SaveKeyDateInput = z.input<typeof saveKeyDateSchema>;
export const removeKeyDateSchema = z.object({ organization: orgRef, keyDateId: z.uuid() });

/** A loop started from a CRM deal: the loop's fields, and the deal it continues (linked both ways on the page). */
export const startLoopFromDealSchema = createLoopSchema.extend({ dealId: z.uuid() });
export type StartLoopFromDealInput = z.input<typeof startLoopFromDealSchema>;
