// Client-safe shapes of the activity feed and the audit log filters.
import { z } from "zod";
import type { Person } from "@/lib/people";
import { text } from "@/lib/validation";

/** Who wrote an entry (null: the system). */
export type ActivityActor = Person;

/** One audit entry as the feed and the audit log page show it (serializable). */
export interface ActivityEntry {
  id: string;
  /** Append number: unique, in the order entries were written. */
  seq: number;
  /** Position in the organization's hash chain, once sealed (decision 0028); absent/null until then. */
  chainSeq?: number | null;
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

/** The live feed's backfill: `GET /api/organizations/<org>/activity?after=<chain seq>`. */
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
      const v = values as Record<string, unknown>;
      // A grouped entry (bulk assign) is about its contacts, counted.
      if (typeof v.count === "number" && Array.isArray(v.contactIds))
        return `${v.count.toLocaleString("en-US")} ${v.count === 1 ? "contact" : "contacts"}`;
      for (const k of LABEL_KEYS) {
        if (typeof v[k] === "string" && (v[k] as string).trim()) return (v[k] as string).trim().slice(0, 120);
      }
    }
  }
  return null;
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
  if (entry.action === "contact.bulk_assigned") {
    const to = typeof values.assignedTo === "string" ? values.assignedTo : "none";
    return `/${orgSlug}/crm/contacts?assignee=${to}`;
  }
  if (entry.action === "contact.bulk_tagged" && typeof values.tagId === "string")
    return `/${orgSlug}/crm/contacts?tag=${values.tagId}`;
  switch (entry.entityType) {
    case "contact":
      return entry.entityId ? `/${orgSlug}/crm/contacts/${entry.entityId}` : null;
    case "deal":
      return entry.entityId ? `/${orgSlug}/crm/deals/${entry.entityId}` : `/${orgSlug}/crm/deals`;
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
