// Client-safe shapes of a contact's timeline (decision 0023): the entries an agent logs (notes, calls, meetings,
// emails), reminders, the timeline's kinds and filters, and the item shape the page and "Show older" share.
import { z } from "zod";
import { optionalUuid, organizationRef as orgRef, text } from "@/lib/validation";
import type { Person } from "@/lib/people";

export const ENTRY_KINDS = ["NOTE", "CALL", "MEETING", "EMAIL"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  NOTE: "Note",
  CALL: "Call",
  MEETING: "Meeting",
  EMAIL: "Email",
};

export const CALL_OUTCOMES = ["CONNECTED", "LEFT_VOICEMAIL", "NO_ANSWER", "WRONG_NUMBER"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  CONNECTED: "Connected",
  LEFT_VOICEMAIL: "Left a voicemail",
  NO_ANSWER: "No answer",
  WRONG_NUMBER: "Wrong number",
};

/** What the timeline can be filtered by (the URL's `show`), in the order the filter lists them. */
export const TIMELINE_KINDS = [
  "note",
  "call",
  "meeting",
  "email",
  "reminder",
  "deal",
  "transaction",
  "change",
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  note: "Notes",
  call: "Calls",
  meeting: "Meetings",
  email: "Emails",
  reminder: "Reminders",
  deal: "Deals",
  transaction: "Transactions",
  change: "Changes",
};
export const TIMELINE_PAGE_SIZE = 20;

/** `?show=call,note` → the kinds to show (none or only unknown ones → all). */
export function parseTimelineKinds(value: unknown): TimelineKind[] {
  const parts = (typeof value === "string" ? value : "").split(",").map((s) => s.trim());
  const kinds = TIMELINE_KINDS.filter((k) => parts.includes(k));
  return kinds.length ? kinds : [...TIMELINE_KINDS];
}

/** A date-time typed in <input type="datetime-local"> (in the user's time zone) or sent as ISO; empty → now/none. */
const dateTime = (empty: "now" | "required") =>
  z
    .union([z.date(), z.string(), z.null()])
    .optional()
    .transform((v, ctx) => {
      if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) {
        if (empty === "now") return new Date();
        ctx.addIssue({ code: "custom", message: "Enter a date and time" });
        return z.NEVER;
      }
      const d = v instanceof Date ? v : new Date(v);
      if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 || d.getUTCFullYear() > 2200) {
        ctx.addIssue({ code: "custom", message: "Enter a valid date and time" });
        return z.NEVER;
      }
      return d;
    });

const optionalDuration = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return null;
    const n = typeof v === "number" ? v : Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 1440) {
      ctx.addIssue({ code: "custom", message: "Enter whole minutes between 0 and 1440" });
      return z.NEVER;
    }
    return n;
  });

const entryFields = {
  kind: z.enum(ENTRY_KINDS, { error: "Choose what you are logging" }),
  body: text({ multiline: true, error: "Write what happened" })
    .min(1, "Write what happened")
    .max(5000, "Use at most 5,000 characters"),
  occurredAt: dateTime("now"),
  callOutcome: z
    .union([z.enum(CALL_OUTCOMES, { error: "Choose how the call went" }), z.literal(""), z.null()])
    .optional()
    .transform((v) => v || null),
  durationMinutes: optionalDuration,
};

/** Call details belong to calls only: for other kinds they are dropped. */
const callFieldsOnlyForCalls = <
  T extends { kind: EntryKind; callOutcome: unknown; durationMinutes: unknown },
>(
  v: T,
): T => (v.kind === "CALL" ? v : { ...v, callOutcome: null, durationMinutes: null });

export const logEntrySchema = z
  .object({ organization: orgRef, contactId: z.uuid(), ...entryFields })
  .transform(callFieldsOnlyForCalls);
export type LogEntryInput = z.input<typeof logEntrySchema>;

export const updateEntrySchema = z
  .object({ organization: orgRef, id: z.uuid(), ...entryFields })
  .transform(callFieldsOnlyForCalls);
export type UpdateEntryInput = z.input<typeof updateEntrySchema>;

export const deleteEntrySchema = z.object({ organization: orgRef, id: z.uuid() });

const reminderFields = {
  title: text({ error: "Say what to do" }).min(1, "Say what to do").max(200, "Use at most 200 characters"),
  dueAt: dateTime("required"),
  assigneeId: optionalUuid("Choose a member of your organization"),
};

export const createReminderSchema = z.object({
  organization: orgRef,
  contactId: z.uuid(),
  ...reminderFields,
});
export type CreateReminderInput = z.input<typeof createReminderSchema>;
export const updateReminderSchema = z.object({ organization: orgRef, id: z.uuid(), ...reminderFields });
export type UpdateReminderInput = z.input<typeof updateReminderSchema>;
export const setReminderDoneSchema = z.object({ organization: orgRef, id: z.uuid(), done: z.boolean() });
export const deleteReminderSchema = z.object({ organization: orgRef, id: z.uuid() });
/** Ticking the contact's follow-up date done clears it (the version guards against a teammate's edit). */
export const completeFollowUpSchema = z.object({
  organization: orgRef,
  contactId: z.uuid(),
  version: z.coerce.number().int().min(1),
});

export const timelineParamsSchema = z.object({
  cursor: text().max(200).optional().catch(undefined),
  show: text().max(200).optional().catch(undefined),
});

/** One line of the timeline (serializable: the page renders the first page, "Show older" fetches the next). */
export type TimelineItem =
  | {
      kind: "entry";
      key: string;
      at: string;
      id: string;
      entryKind: EntryKind;
      body: string;
      callOutcome: CallOutcome | null;
      durationMinutes: number | null;
      actor: Person | null;
      edited: boolean;
    }
  | {
      kind: "reminder";
      key: string;
      at: string;
      /** null: the contact's follow-up date, shown as a reminder. */
      id: string | null;
      /** The follow-up's contact version (completing it clears the date with optimistic concurrency). */
      contactVersion: number | null;
      title: string;
      dueAt: string;
      done: boolean;
      completedAt: string | null;
      assignee: Person | null;
      actor: Person | null;
    }
  | {
      kind: "deal";
      key: string;
      at: string;
      id: string;
      title: string;
      stage: string;
      value: string;
      actor: Person | null;
    }
  | {
      kind: "transaction";
      key: string;
      at: string;
      id: string;
      propertyAddress: string;
      role: string;
      status: string;
      actor: Person | null;
    }
  | {
      kind: "change";
      key: string;
      at: string;
      id: string;
      action: string;
      actor: Person | null;
      oldValues: unknown;
      newValues: unknown;
    };

export interface TimelinePage {
  items: TimelineItem[];
  /** Pass back as `cursor` for the next (older) page; null when this is the oldest. */
  nextCursor: string | null;
}
