// Client-safe CRM shapes: the zod schemas forms and actions share (contacts, deals, bulk assign, list URL
// state), the labels the UI shows, and the limits the services enforce. No server imports here.
//
// Forms submit zod's *output* (zodResolver), and the action parses it again, so every schema accepts its own
// output: "" and null both mean "empty", dates arrive as Date or string.
import { z } from "zod";
import {
  optionalEmail,
  optionalPhone,
  optionalText,
  optionalUuid,
  organizationRef as orgRef,
  text,
} from "@/lib/validation";
import { type Person } from "@/lib/people";
import { DUPLICATE_POLICIES, type ColumnMapping, type DuplicatePolicy } from "./import-mapping";

export const CONTACT_STATUSES = ["LEAD", "PROSPECT", "ACTIVE", "CLIENT", "PAST_CLIENT", "LOST"] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export const CONTACT_STATUS_LABELS: Record<ContactStatus, string> = {
  LEAD: "Lead",
  PROSPECT: "Prospect",
  ACTIVE: "Active",
  CLIENT: "Client",
  PAST_CLIENT: "Past client",
  LOST: "Lost",
};

export const DEAL_STAGES = [
  "LEAD",
  "QUALIFIED",
  "SHOWING",
  "OFFER",
  "UNDER_CONTRACT",
  "CLOSED_WON",
  "CLOSED_LOST",
] as const;
export type DealStage = (typeof DEAL_STAGES)[number];
export const DEAL_STAGE_LABELS: Record<DealStage, string> = {
  LEAD: "Lead",
  QUALIFIED: "Qualified",
  SHOWING: "Showing",
  OFFER: "Offer",
  UNDER_CONTRACT: "Under contract",
  CLOSED_WON: "Closed — won",
  CLOSED_LOST: "Closed — lost",
};

/** Won and lost: a deal in one of these stages is closed (its closed_at is set); the board collapses them. */
export const CLOSED_DEAL_STAGES = ["CLOSED_WON", "CLOSED_LOST"] as const satisfies readonly DealStage[];
export const isClosedStage = (s: DealStage) => (CLOSED_DEAL_STAGES as readonly DealStage[]).includes(s);
/** The reasons an agent picks from when a deal is lost ("Other" lets them type their own). */
export const LOST_REASONS = [
  "Went with another agent",
  "Price or budget",
  "Financing fell through",
  "Inspection or appraisal issues",
  "Stopped responding",
  "Decided not to move",
] as const;

/** Most contacts one bulk assign may change (explicit ids or "all matching the filter"). */
export const BULK_ASSIGN_MAX = 10_000;
/** CSV import limits: the whole file is validated first, then imported in one transaction. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 25_000;
/** A remembered mapping holds at most this many columns (contact_import_mappings). */
export const IMPORT_MAX_COLUMNS = 500;
export const IMPORT_BATCH_SIZE = 1_000;
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** A date-time from <input type="datetime-local"> (parsed where it is typed, so in the user's time zone). */
const optionalDateTime = z
  .union([z.date(), z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return null;
    const d = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "Enter a valid date and time" });
      return z.NEVER;
    }
    return d;
  })
  .refine(
    (d) => d === null || (d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2200),
    "Enter a date between 1900 and 2200",
  );

/** A calendar day "YYYY-MM-DD" (deals' expected close is a DATE column: no time zone involved). */
const optionalDay = z
  .string()
  .nullish()
  .transform((v) => (typeof v === "string" ? v.trim() : "") || null)
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date like 2026-12-31")
      .refine(
        (s) =>
          !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
          new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
        "Enter a real date",
      )
      .nullable(),
  );

export const contactFieldsSchema = z.object({
  name: text({ error: "Enter a name" }).min(1, "Enter a name").max(200, "Use at most 200 characters"),
  email: optionalEmail,
  phone: optionalPhone,
  company: optionalText(200, "Company"),
  status: z.enum(CONTACT_STATUSES, { error: "Choose a status" }).default("LEAD"),
  source: optionalText(100, "Source"),
  assignedTo: optionalUuid("Choose a member of your organization"),
  nextFollowUp: optionalDateTime,
  notes: optionalText(10_000, "Notes", { multiline: true }),
});
export type ContactFields = z.output<typeof contactFieldsSchema>;

export const createContactSchema = contactFieldsSchema.extend({ organization: orgRef });
export type CreateContactInput = z.input<typeof createContactSchema>;

export const updateContactSchema = contactFieldsSchema.extend({
  organization: orgRef,
  id: z.uuid(),
  /** The version the form was loaded with; a different current version is a conflict. */
  version: z.coerce.number().int().min(1),
});
export type UpdateContactInput = z.input<typeof updateContactSchema>;

export const deleteContactSchema = z.object({ organization: orgRef, id: z.uuid() });

// ---------------------------------------------------------------------------------------------------
// Contacts list: the URL's search params are the list state.
// ---------------------------------------------------------------------------------------------------
export const CONTACT_SORTS = ["newest", "oldest", "name", "name_desc", "follow_up"] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
export const CONTACT_SORT_LABELS: Record<ContactSort, string> = {
  newest: "Newest first",
  oldest: "Oldest first",
  name: "Name A–Z",
  name_desc: "Name Z–A",
  follow_up: "Follow-up soonest",
};
export const FOLLOW_UP_FILTERS = ["due", "week", "none"] as const;
export type FollowUpFilter = (typeof FOLLOW_UP_FILTERS)[number];
export const FOLLOW_UP_FILTER_LABELS: Record<FollowUpFilter, string> = {
  due: "Due or overdue",
  week: "Due in the next 7 days",
  none: "No follow-up set",
};

const firstString = (v: unknown) => (Array.isArray(v) ? v[0] : v);
/** A search param that falls back to undefined when missing or invalid (a hand-edited URL still works). */
const param = <T extends z.ZodType>(schema: T) =>
  z.preprocess(firstString, schema.optional()).catch(undefined);

/** Filters shared by the list, its count, and "bulk assign all matching". */
export const contactFilterSchema = z.object({
  q: param(
    text()
      .max(100)
      .transform((s) => s || undefined),
  ),
  status: param(z.enum(CONTACT_STATUSES)),
  /** A member's user id, "me" or "none" (unassigned). */
  assignee: param(z.union([z.uuid(), z.literal("me"), z.literal("none")])),
  followUp: param(z.enum(FOLLOW_UP_FILTERS)),
  /** A tag's id: contacts carrying it. */
  tag: param(z.uuid()),
});
export type ContactFilter = z.output<typeof contactFilterSchema>;

/** Optional columns of the contacts table; a saved view remembers which are hidden. */
export const CONTACT_COLUMNS = ["contact", "assignee", "followUp", "deals", "tags"] as const;
export type ContactColumn = (typeof CONTACT_COLUMNS)[number];
/** What the column toggles call them (no filter's label inside, so label lookups stay unambiguous). */
export const CONTACT_COLUMN_LABELS: Record<ContactColumn, string> = {
  contact: "Email and phone",
  assignee: "Assignee",
  followUp: "When to follow up",
  deals: "Deals",
  tags: "Tags",
};

export const contactListParamsSchema = contactFilterSchema.extend({
  /** Hidden columns, comma-separated ("deals,tags"); unknown names are ignored. */
  hide: param(text().max(200)).transform((v) =>
    (v ?? "")
      .split(",")
      .filter((c): c is ContactColumn => (CONTACT_COLUMNS as readonly string[]).includes(c)),
  ),
  sort: param(z.enum(CONTACT_SORTS)).transform((s) => s ?? "newest"),
  after: param(text().max(500)),
  before: param(text().max(500)),
  size: param(
    z.coerce
      .number()
      .int()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n)),
  ).transform((n) => n ?? DEFAULT_PAGE_SIZE),
});
export type ContactListParams = z.output<typeof contactListParamsSchema>;

// ---------------------------------------------------------------------------------------------------
// Bulk assign: explicit ids (rows the user ticked) or every contact matching the list's filter.
// ---------------------------------------------------------------------------------------------------
export const bulkAssignSchema = z.object({
  organization: orgRef,
  /** null unassigns. */
  assigneeId: z.uuid("Choose a member").nullable(),
  selection: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("ids"),
      ids: z
        .array(z.uuid())
        .min(1, "Select at least one contact")
        .max(BULK_ASSIGN_MAX, `Select at most ${BULK_ASSIGN_MAX.toLocaleString("en-US")} contacts`),
    }),
    z.object({ kind: z.literal("filter"), filter: contactFilterSchema }),
  ]),
});
export type BulkAssignInput = z.input<typeof bulkAssignSchema>;

// ---------------------------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------------------------
export const tagName = text({ error: "Enter a tag" })
  .min(1, "Enter a tag")
  .max(40, "Use at most 40 characters")
  .transform((s) => s.replace(/\s+/g, " "));
export const tagContactSchema = z.object({ organization: orgRef, contactId: z.uuid(), name: tagName });
export const untagContactSchema = z.object({ organization: orgRef, contactId: z.uuid(), tagId: z.uuid() });
export const bulkTagSchema = z.object({
  organization: orgRef,
  name: tagName,
  selection: bulkAssignSchema.shape.selection,
});
export type BulkTagInput = z.input<typeof bulkTagSchema>;
export interface TagOption {
  id: string;
  name: string;
}

// ---------------------------------------------------------------------------------------------------
// Saved views of the contacts list
// ---------------------------------------------------------------------------------------------------
/** What a view stores: the list's URL state without its page cursor. */
export const viewParamsSchema = z
  .object({
    q: text().max(100).optional(),
    status: z.enum(CONTACT_STATUSES).optional(),
    assignee: z.union([z.uuid(), z.literal("me"), z.literal("none")]).optional(),
    followUp: z.enum(FOLLOW_UP_FILTERS).optional(),
    tag: z.uuid().optional(),
    hide: z.array(z.enum(CONTACT_COLUMNS)).max(CONTACT_COLUMNS.length).optional(),
    sort: z.enum(CONTACT_SORTS).optional(),
    size: z
      .number()
      .int()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
      .optional(),
  })
  .strict();
export type ViewParams = z.output<typeof viewParamsSchema>;
const viewName = text({ error: "Name the view" })
  .min(1, "Name the view")
  .max(60, "Use at most 60 characters");
export const saveViewSchema = z.object({
  organization: orgRef,
  name: viewName,
  shared: z.boolean().default(false),
  params: viewParamsSchema,
});
export type SaveViewInput = z.input<typeof saveViewSchema>;
export const updateViewSchema = saveViewSchema.extend({ id: z.uuid() });
export const deleteViewSchema = z.object({ organization: orgRef, id: z.uuid() });
export interface SavedViewItem {
  id: string;
  name: string;
  shared: boolean;
  params: ViewParams;
  mine: boolean;
  /** Whether the viewer may rename, re-share or delete it. */
  canManage: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Duplicates and merge
// ---------------------------------------------------------------------------------------------------
/** A contact's own fields: what its audit entries record, and what a merge lets the user pick one by one. */
export const CONTACT_FIELDS = [
  "name",
  "email",
  "phone",
  "company",
  "status",
  "source",
  "assignedTo",
  "nextFollowUp",
  "notes",
] as const;
export type MergeField = (typeof CONTACT_FIELDS)[number];
export const MERGE_FIELD_LABELS: Record<MergeField, string> = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  status: "Status",
  source: "Source",
  assignedTo: "Assigned to",
  nextFollowUp: "Next follow-up",
  notes: "Notes",
};
export const MERGE_SIDES = ["keep", "remove"] as const;
export type MergeSide = (typeof MERGE_SIDES)[number];

export const mergeContactsSchema = z
  .object({
    organization: orgRef,
    /** The contact that stays (its id, links and history), and the one merged into it. */
    keepId: z.uuid(),
    removeId: z.uuid(),
    /** The versions shown side by side; a change since then is a conflict. */
    keepVersion: z.coerce.number().int().min(1),
    removeVersion: z.coerce.number().int().min(1),
    /** Per field, whose value the kept contact ends up with (missing: its own). */
    fields: z.partialRecord(z.enum(CONTACT_FIELDS), z.enum(MERGE_SIDES)).default({}),
  })
  .refine((v) => v.keepId.toLowerCase() !== v.removeId.toLowerCase(), {
    message: "Choose two different contacts to merge.",
    path: ["removeId"],
  });
export type MergeContactsInput = z.input<typeof mergeContactsSchema>;

/** One side of a merge as the field chooser shows it. */
export interface MergeCandidate {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  status: ContactStatus;
  source: string | null;
  assignedTo: string | null;
  assignee: Person | null;
  nextFollowUp: string | null;
  notes: string | null;
  version: number;
  createdAt: string;
  /** What it brings along: deals, tags, loops it takes part in. */
  counts: { deals: number; tags: number; loops: number };
}

export const dismissDuplicateSchema = z
  .object({ organization: orgRef, a: z.uuid(), b: z.uuid() })
  .refine((v) => v.a.toLowerCase() !== v.b.toLowerCase(), {
    message: "Choose two different contacts.",
    path: ["b"],
  });

/** How many likely-duplicate pairs the page lists at once. */
export const DUPLICATES_LIMIT = 100;
export const DUPLICATE_REASONS = ["email", "phone", "name"] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];
export const DUPLICATE_REASON_LABELS: Record<DuplicateReason, string> = {
  email: "Same email",
  phone: "Same phone number",
  name: "Similar name",
};

// ---------------------------------------------------------------------------------------------------
// Deals
// ---------------------------------------------------------------------------------------------------
const dealValue = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return 0;
    const n = typeof v === "number" ? v : Number(v.trim().replace(/[,\s$€£]/g, ""));
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: "Enter an amount like 350000 or 350000.50" });
      return z.NEVER;
    }
    return n;
  })
  .pipe(
    z
      .number()
      .min(0, "The value can't be negative")
      .max(999_999_999_999.99, "That amount is too large")
      .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, "Use at most 2 decimals"),
  );

export const dealFieldsSchema = z.object({
  title: text({ error: "Enter a title" }).min(1, "Enter a title").max(200, "Use at most 200 characters"),
  value: dealValue,
  stage: z.enum(DEAL_STAGES, { error: "Choose a stage" }).default("LEAD"),
  expectedClose: optionalDay,
  contactId: z.uuid("Choose a contact"),
  assignedTo: optionalUuid("Choose a member of your organization"),
});
export type DealFields = z.output<typeof dealFieldsSchema>;

export const createDealSchema = dealFieldsSchema.extend({ organization: orgRef });
export type CreateDealInput = z.input<typeof createDealSchema>;
/** An edit keeps the stage: stages change through a move (Lost needs its reason). */
export const updateDealSchema = dealFieldsSchema.omit({ stage: true }).extend({
  organization: orgRef,
  id: z.uuid(),
  /** The version the form was loaded with; a different current version is a conflict. */
  version: z.coerce.number().int().min(1),
});
export type UpdateDealInput = z.input<typeof updateDealSchema>;
export const deleteDealSchema = z.object({ organization: orgRef, id: z.uuid() });
export const moveDealStageSchema = z
  .object({
    organization: orgRef,
    id: z.uuid(),
    stage: z.enum(DEAL_STAGES, { error: "Choose a stage" }),
    /** The version the board showed; a teammate's change in between is a conflict. */
    version: z.coerce.number().int().min(1),
    /** Required when the deal is lost. */
    lostReason: optionalText(500, "Reason"),
    /** Won: the value it closed at (the deal's value stays when empty) and the day it closed (today when empty). */
    closedValue: z.preprocess((v) => (v === "" || v === null ? undefined : v), dealValue.optional()),
    closedOn: optionalDay,
  })
  .superRefine((v, ctx) => {
    if (v.stage === "CLOSED_LOST" && !v.lostReason)
      ctx.addIssue({ code: "custom", path: ["lostReason"], message: "Say why the deal was lost" });
  });
export type MoveDealStageInput = z.input<typeof moveDealStageSchema>;

export const addDealNoteSchema = z.object({
  organization: orgRef,
  dealId: z.uuid(),
  body: text({ error: "Write a note" }).min(1, "Write a note").max(5000, "Use at most 5,000 characters"),
});
export type AddDealNoteInput = z.input<typeof addDealNoteSchema>;

/** The contact picker of the deal form. */
/** The deal form's contact picker: `GET /api/organizations/<org>/contacts/options?q=`. */
export const searchContactOptionsSchema = z.object({ q: text().max(100).default("") });

// ---------------------------------------------------------------------------------------------------
// CSV import: one row after its header has been mapped to these fields.
// ---------------------------------------------------------------------------------------------------
export const IMPORT_COLUMNS = [
  "name",
  "email",
  "phone",
  "company",
  "status",
  "source",
  "next_follow_up",
  "notes",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

const importStatus = z
  .string()
  .optional()
  .transform(
    (v) =>
      (v ?? "")
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, "_") || "LEAD",
  )
  .pipe(
    z.enum(CONTACT_STATUSES, {
      error: `Status must be one of: ${CONTACT_STATUSES.map((s) => CONTACT_STATUS_LABELS[s]).join(", ")}`,
    }),
  );

export const importRowSchema = z.object({
  name: text({ error: "Name is missing" })
    .min(1, "Name is missing")
    .max(200, "Name is longer than 200 characters"),
  email: optionalEmail,
  phone: optionalPhone,
  company: optionalText(200, "Company"),
  status: importStatus,
  source: optionalText(100, "Source"),
  next_follow_up: optionalDateTime,
  notes: optionalText(10_000, "Notes", { multiline: true }),
});
export type ImportRow = z.output<typeof importRowSchema>;

/**
 * The import route's options, from its query string: `duplicates` (skip | update | create) and `columns`, the
 * mapping as one field per CSV column, comma-separated, empty for "Don't import" (the server checks it against the
 * file's header; without it the header's suggestions apply).
 */
export const importOptionsSchema = z.object({
  duplicates: z.enum(DUPLICATE_POLICIES, { error: "duplicates must be skip, update or create" }).optional(),
  columns: text()
    .max(20_000, "The mapping is too long")
    .optional()
    .transform((v) => (v === undefined ? undefined : (v.split(",").map((c) => c.trim()) as ColumnMapping))),
});
export type ImportOptionsInput = z.output<typeof importOptionsSchema>;

/** One line of the import route's NDJSON response. */
export type ImportStreamLine =
  | { type: "progress"; phase: "reading" | "importing"; done: number; total: number | null }
  | {
      type: "rejected";
      rows: Array<{ line: number; reason: string; values: string[]; column?: string }>;
    }
  | {
      type: "done";
      /** New contacts (kept under this name for older clients); created + updated + skipped + rejected = rows. */
      imported: number;
      created: number;
      updated: number;
      skipped: number;
      rejected: number;
      rows: number;
      header: string[];
      ignoredColumns: string[];
      duplicates: DuplicatePolicy;
    }
  | { type: "error"; error: { code: string; message: string } };

/** The pipeline view's shape (built on the server by queries/pipeline.ts, drawn by components/crm). */
export interface PipelineDeal {
  id: string;
  title: string;
  value: string;
  stage: DealStage;
  version: number;
  closedAt: string | null;
  lostReason: string | null;
  expectedClose: string | null;
  contact: { id: string; name: string };
  assignee: Person | null;
}

export interface PipelineColumn {
  stage: DealStage;
  count: number;
  sum: string;
  deals: PipelineDeal[];
}

// A contact's timeline: entries, reminders, kinds and the item shape (decision 0023).
export * from "./timeline-schemas";
