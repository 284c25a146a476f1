// Client-safe shapes of the activity feed and the audit log filters.
import { z } from "zod";
import type { Person } from "@/lib/people";
import { text } from "@/lib/validation";

/** Who wrote an entry (null: the system). */
export type ActivityActor = Person;

/** One audit entry as the feed and the audit log page show it (serializable). */
export interface ActivityEntry {
  id: string;
  seq: number;
  action: string;
  entityType: string;
  entityId: string | null;
  entityLabel: string | null;
  actorId: string | null;
  actor: ActivityActor | null;
  createdAt: string;
  oldValues?: unknown;
  newValues?: unknown;
}

/** The live feed's backfill: `GET /api/organizations/<org>/activity?after=<seq>`. */
export const activitySinceSchema = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const auditFilterSchema = z.object({
  actor: z.uuid().optional().catch(undefined),
  action: text().max(64).optional().catch(undefined),
  entity: text().max(64).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

const LABEL_KEYS = [
  "name",
  "title",
  "propertyAddress",
  "property_address",
  "fileName",
  "file_name",
  "email",
  "slug",
];

/** A human label for the entity, taken from the entry's own values (no lookups). */
export function entityLabelOf(newValues: unknown, oldValues: unknown): string | null {
  for (const values of [newValues, oldValues]) {
    if (values && typeof values === "object") {
      for (const k of LABEL_KEYS) {
        const v = (values as Record<string, unknown>)[k];
        if (typeof v === "string" && v.trim()) return v.trim().slice(0, 120);
      }
    }
  }
  return null;
}

/** "contact.created" → "created contact"; "member.role_changed" → "changed the role of member". */
export function describeAction(action: string, entityType: string): string {
  const verb = action.split(".").at(-1) ?? action;
  const special: Record<string, string> = {
    "authz.denied": "was refused access",
    "member.joined": "joined the organization",
    "member.left": "left the organization",
    "member.invited": "invited",
    "member.role_changed": "changed the role of",
    "plan.changed": "changed the plan",
    "contact.bulk_assigned": "reassigned contact",
    "participant.added": "added a person to",
    "participant.removed": "removed a person from",
    "document.filed": "filed",
    "document.submitted": "submitted for review",
    "document.approved": "approved",
    "document.returned": "returned",
    "review.submitted": "submitted for compliance review",
    "slot.added": "added a checklist document to",
    "slot.removed": "removed a checklist document from",
    "key_date.set": "set a key date on",
    "key_date.removed": "removed a key date from",
    "task.due_dates_moved": "rescheduled tasks with a key date on",
    "template.updated": "edited the checklist template",
  };
  if (special[action]) return special[action]!;
  const words = verb.replace(/_/g, " ");
  return `${words} ${entityType.replace(/_/g, " ")}`;
}

const quoted = (v: unknown) => (typeof v === "string" && v.trim() ? `“${v.trim().slice(0, 200)}”` : null);

/**
 * What the sentence says after the entity's label, where the entry's values add something a reader wants: which
 * checklist slot a document is in, a reviewer's note, which setting changed ("" when nothing).
 */
export function describeDetail(entry: Pick<ActivityEntry, "action" | "newValues" | "oldValues">): string {
  const next = (entry.newValues ?? {}) as Record<string, unknown>;
  const prev = (entry.oldValues ?? {}) as Record<string, unknown>;
  const slot = typeof next.slot === "string" ? next.slot : null;
  switch (entry.action) {
    case "document.filed":
      return slot ? `as ${slot}` : "out of the checklist";
    case "document.submitted":
    case "document.approved":
      return slot ? `(${slot})` : "";
    case "document.returned": {
      const note = quoted(next.note);
      return [slot ? `(${slot})` : null, note ? `with the note ${note}` : null].filter(Boolean).join(" ");
    }
    case "review.submitted":
      return typeof next.documents === "number"
        ? `(${next.documents === 1 ? "1 document" : `${next.documents} documents`})`
        : "";
    case "slot.added":
      return `: ${quoted(next.slot) ?? "a document"}${next.required ? ", required to close" : ""}`;
    case "slot.removed":
      return `: ${quoted(prev.slot) ?? "a document"}`;
    case "organization.updated":
      if (
        typeof next.requireApprovalToClose === "boolean" &&
        next.requireApprovalToClose !== prev.requireApprovalToClose
      )
        return next.requireApprovalToClose
          ? "— closing now needs every required document approved"
          : "— transactions can now close without approval";
      return "";
    case "member.role_changed": {
      const had = Array.isArray(prev.grants) && prev.grants.includes("reviews:manage");
      const has = Array.isArray(next.grants) && next.grants.includes("reviews:manage");
      if (had !== has) return has ? "— now reviews documents" : "— no longer reviews documents";
      return "";
    }
    default:
      return "";
  }
}

/** Where an entry's entity lives in the app, if it has a page. */
export function entityHref(
  orgSlug: string,
  entry: Pick<ActivityEntry, "entityType" | "entityId" | "action" | "newValues" | "oldValues">,
): string | null {
  const values = (entry.newValues ?? entry.oldValues ?? {}) as Record<string, unknown>;
  const loopId =
    typeof values.loopId === "string"
      ? values.loopId
      : typeof values.loop_id === "string"
        ? values.loop_id
        : null;
  if (entry.action.endsWith(".deleted")) return null;
  switch (entry.entityType) {
    case "contact":
      return entry.entityId ? `/${orgSlug}/crm/contacts/${entry.entityId}` : null;
    case "deal":
      return `/${orgSlug}/crm/deals`;
    case "loop":
    case "transaction_loop":
      return entry.entityId ? `/${orgSlug}/transactions/${entry.entityId}` : null;
    case "task":
    case "transaction_task":
    case "document":
    case "transaction_document":
      return loopId ? `/${orgSlug}/transactions/${loopId}` : null;
    case "member":
    case "invitation":
      return `/${orgSlug}/settings/members`;
    case "subscription":
      return `/${orgSlug}/settings/plan`;
    case "checklist_template":
      return `/${orgSlug}/settings/templates`;
    default:
      return null;
  }
}
