// The activity feed's and the audit log's sentences: "<actor> <action> <label><detail>" — the subject's name (from
// the entry's own values), the change from → to in the words the rest of the app uses for statuses, stages, roles
// and plans, and a grouped bulk assignment as one line. Pure and client-safe: the feed renders it on the server and
// for entries arriving over Realtime.
import { CONTACT_STATUS_LABELS, DEAL_STAGE_LABELS } from "@/lib/modules/crm/schemas";
import { LOOP_STATUS_LABELS } from "@/lib/modules/transactions/schemas";
import { formatMoney } from "@/components/ui/format";
import { ORG_ROLE_LABELS, PLAN_TIER_LABELS } from "@/lib/modules/organizations/schemas";
import type { ActivityEntry } from "@/lib/modules/activity/schemas";
import { personName } from "@/components/ui/format";

/** How many contacts a grouped entry names before "and N more". */
export const GROUP_NAMED = 3;

/** What a sentence calls an entity whose entry doesn't name it (entries written before they carried names). */
const SOME: Record<string, string> = {
  contact: "a contact",
  contact_import: "a contact import",
  contact_assignment: "contacts",
  contact_tagging: "contacts",
  saved_view: "a view",
  deal: "a deal",
  transaction_loop: "a transaction",
  loop: "a transaction",
  transaction_task: "a task",
  task: "a task",
  transaction_document: "a document",
  document: "a document",
  member: "a member",
  invitation: "an invitation",
  checklist_template: "a checklist template",
  subscription: "the plan",
  organization: "the organization",
};
export function entityFallback(entityType: string): string {
  return SOME[entityType] ?? `a ${entityType.replace(/_/g, " ")}`;
}

/** The entity's label or, when the entry doesn't carry one, "a task", "a transaction"… */
export const entryLabel = (entry: Pick<ActivityEntry, "entityLabel" | "entityType">) =>
  entry.entityLabel ?? entityFallback(entry.entityType);

const VERBS: Record<string, string> = {
  "authz.denied": "was refused access to",
  "support.opened": "opened the organization",
  "organization.created": "created the organization",
  "organization.updated": "changed the settings of",
  "member.joined": "joined the organization",
  "member.left": "left the organization",
  "member.removed": "removed",
  "member.invited": "invited",
  "member.invitation_revoked": "withdrew the invitation of",
  "member.role_changed": "changed the role of",
  "member.profile_updated": "changed their name",
  "plan.changed": "changed",
  "contact.created": "added the contact",
  "contact.updated": "updated the contact",
  "contact.deleted": "deleted the contact",
  "contact.assigned": "assigned",
  "contact.bulk_assigned": "assigned",
  "contact.imported": "imported contacts from",
  "contact.tagged": "tagged the contact",
  "contact.untagged": "removed a tag from the contact",
  "contact.bulk_tagged": "tagged",
  "contact.merged": "merged the contact",
  "contact.duplicate_dismissed": "marked the contact",
  "view.saved": "saved the view",
  "view.updated": "changed the view",
  "view.deleted": "deleted the view",
  "contact.reminder_set": "set a reminder on",
  "contact.reminder_updated": "changed a reminder on",
  "contact.reminder_completed": "completed a reminder on",
  "contact.reminder_reopened": "reopened a reminder on",
  "contact.reminder_deleted": "deleted a reminder on",
  "deal.created": "created the deal",
  "deal.updated": "updated the deal",
  "deal.stage_changed": "moved the deal",
  "deal.deleted": "deleted the deal",
  "deal.note_added": "added a note to the deal",
  "deal.loop_started": "started a transaction from the deal",
  "loop.created": "opened the transaction",
  "loop.updated": "updated the transaction",
  "loop.status_changed": "moved the transaction",
  "loop.deleted": "deleted the transaction",
  "task.created": "added the task",
  "task.updated": "updated the task",
  "task.completed": "completed the task",
  "task.reopened": "reopened the task",
  "task.deleted": "deleted the task",
  "task.reordered": "reordered the tasks of",
  "task.due_dates_moved": "rescheduled tasks with a key date on",
  "participant.added": "added a person to",
  "participant.removed": "removed a person from",
  "key_date.set": "set a key date on",
  "key_date.removed": "removed a key date from",
  "template.updated": "edited the checklist template",
  "document.uploaded": "uploaded",
  "document.deleted": "deleted the document",
  "document.link_created": "created a download link for",
  "document.filed": "filed",
  "document.submitted": "submitted for review",
  "document.approved": "approved",
  "document.returned": "returned",
  "review.submitted": "submitted for compliance review",
  "slot.added": "added a checklist document to",
  "slot.removed": "removed a checklist document from",
};

/** A deal move into won or lost ("marked the deal X lost — reason"). */
const closing = (v: unknown) => {
  const stage = v && typeof v === "object" ? (v as Record<string, unknown>).stage : null;
  return stage === "CLOSED_WON" || stage === "CLOSED_LOST";
};
/** "Went with another agent" reads "went with another agent" mid-sentence (an acronym keeps its capitals). */
const midSentence = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);
/** What an agent logs on a contact's timeline, as the sentence names it: "logged a call with Amelia Brown". */
const ENTRY_VERBS: Record<string, [logged: string, edited: string, deleted: string]> = {
  NOTE: ["added a note to", "edited a note on", "deleted a note on"],
  CALL: ["logged a call with", "edited a call with", "deleted a call with"],
  MEETING: ["logged a meeting with", "edited a meeting with", "deleted a meeting with"],
  EMAIL: ["logged an email with", "edited an email with", "deleted an email with"],
};
const ENTRY_ACTIONS = ["contact.entry_logged", "contact.entry_updated", "contact.entry_deleted"];

/**
 * The verb phrase before the entity's label: "contact.created" → "added the contact"; an action this build doesn't
 * know → "<verb> the <entity type>" ("archived the deal"). A bulk unassignment reads "unassigned".
 */
export function describeAction(
  action: string,
  entityType: string,
  newValues?: unknown,
  oldValues?: unknown,
): string {
  if (
    (action === "contact.bulk_assigned" || action === "contact.assigned") &&
    newValues &&
    typeof newValues === "object" &&
    (newValues as Record<string, unknown>).assignedTo === null
  )
    return "unassigned";
  if (action === "deal.stage_changed" && closing(newValues)) return "marked the deal";
  if (VERBS[action]) return VERBS[action]!;
  const entry = ENTRY_ACTIONS.indexOf(action);
  if (entry >= 0) {
    const values = (newValues ?? oldValues) as Record<string, unknown> | null | undefined;
    const kind = values?.kind;
    const verbs = ENTRY_VERBS[typeof kind === "string" ? kind : "NOTE"] ?? ENTRY_VERBS.NOTE!;
    return verbs[entry]!;
  }
  const verb = (action.split(".").at(-1) ?? action).replace(/_/g, " ");
  return `${verb} the ${entityType.replace(/^transaction_/, "").replace(/_/g, " ")}`;
}

const quoted = (v: unknown) => (typeof v === "string" && v.trim() ? `“${v.trim().slice(0, 200)}”` : null);
const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
const label = (labels: Record<string, string>, v: unknown) =>
  typeof v === "string" ? (labels[v] ?? v.replace(/_/g, " ").toLowerCase()) : null;
const fromTo = (labels: Record<string, string>, from: unknown, to: unknown) => {
  const a = label(labels, from);
  const b = label(labels, to);
  return a && b ? `from ${a} to ${b}` : b ? `to ${b}` : "";
};
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "Amelia Brown, Zoe Haddad, Ben Ito and 95 more" from a grouped entry's first names and its count. */
export function namedList(names: string[], count: number): string {
  const shown = names.slice(0, GROUP_NAMED);
  const rest = count - shown.length;
  if (shown.length === 0) return "";
  if (rest <= 0)
    return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
  return `${shown.join(", ")} and ${rest.toLocaleString("en-US")} more`;
}

/** Field names as a person says them, for "updated the contact X: phone, email". */
const FIELD_WORDS: Record<string, string> = {
  assignedTo: "assignee",
  assigneeId: "assignee",
  nextFollowUp: "follow-up date",
  dueDate: "due date",
  listingPrice: "listing price",
  expectedClosing: "expected closing",
  expectedClose: "expected close",
  propertyAddress: "address",
  transactionType: "type",
  contactId: "contact",
  body: "text",
  occurredAt: "time",
  callOutcome: "call outcome",
  durationMinutes: "duration",
  dueAt: "due date",
};
const NAMING = new Set([
  "name",
  "title",
  "propertyAddress",
  "loopId",
  "keyDateId",
  "itemId",
  "change",
  "entryId",
  "reminderId",
]);

/** Which fields an update changed ("phone and email"), from its old and new values. */
function changedFields(prev: Record<string, unknown>, next: Record<string, unknown>): string {
  const keys = Object.keys(next).filter(
    (k) => (!NAMING.has(k) || (k in prev && prev[k] !== next[k])) && k !== "version",
  );
  const words = [...new Set(keys.map((k) => FIELD_WORDS[k] ?? k.replace(/([A-Z])/g, " $1").toLowerCase()))];
  return namedList(words, words.length);
}

/**
 * What the sentence says after the entity's label, where the entry's values add something a reader wants: from
 * which status to which, which checklist slot a document is in, a reviewer's note, which setting changed, to whom
 * contacts were assigned ("" when nothing).
 */
export function describeDetail(entry: Pick<ActivityEntry, "action" | "newValues" | "oldValues">): string {
  const next = (entry.newValues ?? {}) as Record<string, unknown>;
  const prev = (entry.oldValues ?? {}) as Record<string, unknown>;
  const slot = typeof next.slot === "string" ? next.slot : null;
  switch (entry.action) {
    case "document.filed":
      return slot ? `as ${slot}` : "out of the checklist";
    case "document.uploaded":
    case "document.submitted":
    case "document.approved":
      return slot ? `(${slot})` : "";
    case "document.returned": {
      const note = quoted(next.note);
      return [slot ? `(${slot})` : null, note ? `with the note ${note}` : null].filter(Boolean).join(" ");
    }
    case "contact.entry_updated": {
      // The kind is always there to name the entry ("edited a call"); it changed only when the old values have it.
      const { kind, ...rest } = next;
      const fields = changedFields(prev, "kind" in prev ? { ...rest, kind } : rest);
      return fields ? `: ${fields}` : "";
    }
    case "contact.entry_logged":
    case "contact.entry_deleted": {
      const body = quoted((entry.action === "contact.entry_logged" ? next : prev).body);
      return body ? `: ${body}` : "";
    }
    case "contact.reminder_set":
    case "contact.reminder_updated":
    case "contact.reminder_completed":
    case "contact.reminder_reopened":
    case "contact.reminder_deleted": {
      const title = quoted(next.title) ?? quoted(prev.title);
      return title ? `: ${title}` : "";
    }
    case "review.submitted":
      return typeof next.documents === "number" ? `(${plural(next.documents, "document")})` : "";
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
    case "member.profile_updated": {
      const from = quoted(prev.name);
      const to = quoted(next.name);
      return from && to ? `from ${from} to ${to}` : to ? `to ${to}` : "";
    }
    case "support.opened": {
      const reason = quoted(next.reason);
      return reason ? `— reason: ${reason}` : "";
    }
    case "member.role_changed": {
      const had = Array.isArray(prev.grants) && prev.grants.includes("reviews:manage");
      const has = Array.isArray(next.grants) && next.grants.includes("reviews:manage");
      if (had !== has) return has ? "— now reviews documents" : "— no longer reviews documents";
      return fromTo(ORG_ROLE_LABELS, prev.role, next.role);
    }
    case "member.joined":
    case "member.invited":
      return str(next.role) ? `as ${label(ORG_ROLE_LABELS, next.role)}` : "";
    case "plan.changed":
      return fromTo(PLAN_TIER_LABELS, prev.tier, next.tier);
    case "deal.stage_changed": {
      const reason = str(next.reason);
      if (next.stage === "CLOSED_LOST") return `lost${reason ? ` — ${midSentence(reason)}` : ""}`;
      if (next.stage === "CLOSED_WON")
        return `won${str(next.value) ? ` at ${formatMoney(str(next.value))}` : ""}`;
      return fromTo(DEAL_STAGE_LABELS, prev.stage, next.stage);
    }
    case "deal.loop_started":
      return str(next.propertyAddress) ? `— ${str(next.propertyAddress)}` : "";
    case "loop.status_changed":
      return fromTo(LOOP_STATUS_LABELS, prev.status, next.status);
    case "contact.updated":
    case "deal.updated":
    case "loop.updated":
    case "task.updated": {
      if (
        entry.action === "contact.updated" &&
        typeof next.status === "string" &&
        prev.status !== next.status
      ) {
        // The status leads; whatever else changed in the same save follows ("; also phone and email").
        const { status: _status, ...others } = next;
        const also = changedFields(prev, others);
        return `— status ${fromTo(CONTACT_STATUS_LABELS, prev.status, next.status)}${also ? `; also ${also}` : ""}`;
      }
      const fields = changedFields(prev, next);
      return fields ? `: ${fields}` : "";
    }
    case "contact.assigned":
    case "contact.bulk_assigned": {
      const names = Array.isArray(next.contacts)
        ? next.contacts
            .map((c) => (c && typeof c === "object" ? str((c as Record<string, unknown>).name) : null))
            .filter((n): n is string => n !== null)
        : [];
      const count = typeof next.count === "number" ? next.count : names.length;
      const to = str(next.assigneeName);
      const list = namedList(names, count);
      return [to ? `to ${to}` : null].filter(Boolean).join("") + (list ? `: ${list}` : "");
    }
    case "contact.imported": {
      const imported = typeof next.imported === "number" ? next.imported : null;
      const rejected = typeof next.rejected === "number" ? next.rejected : 0;
      if (imported === null) return "";
      // Entries since the mapping step (decision 0026) also count updated and skipped matches.
      if (typeof next.updated === "number" && typeof next.skipped === "number") {
        const parts = [
          `${plural(imported, "contact")} added`,
          next.updated ? `${next.updated.toLocaleString("en-US")} updated` : "",
          next.skipped ? `${next.skipped.toLocaleString("en-US")} skipped` : "",
          rejected ? `${plural(rejected, "row")} rejected` : "",
        ];
        return `— ${parts.filter(Boolean).join(", ")}`;
      }
      return `— ${plural(imported, "contact")} added${rejected ? `, ${plural(rejected, "row")} skipped` : ""}`;
    }
    case "contact.tagged":
      return quoted(next.tag) ? `with ${quoted(next.tag)}` : "";
    case "contact.untagged":
      return quoted(prev.tag) ? `: ${quoted(prev.tag)}` : "";
    case "contact.bulk_tagged": {
      const names = Array.isArray(next.contacts)
        ? next.contacts
            .map((c) => (c && typeof c === "object" ? str((c as Record<string, unknown>).name) : null))
            .filter((n): n is string => n !== null)
        : [];
      const list = namedList(names, typeof next.count === "number" ? next.count : names.length);
      return `${quoted(next.tag) ? `with ${quoted(next.tag)}` : ""}${list ? `: ${list}` : ""}`;
    }
    case "contact.merged": {
      const taken = Array.isArray(next.fieldsFromRemoved)
        ? next.fieldsFromRemoved
            .filter((f): f is string => typeof f === "string")
            .map((f) => FIELD_WORDS[f] ?? f.replace(/([A-Z])/g, " $1").toLowerCase())
        : [];
      const other = quoted(next.removedName);
      const takenWords = taken.length ? `, keeping its ${namedList(taken, taken.length)}` : "";
      return other ? `with its duplicate ${other}${takenWords}` : "";
    }
    case "contact.duplicate_dismissed":
      return `as not a duplicate${quoted(next.otherName) ? ` of ${quoted(next.otherName)}` : ""}`;
    case "view.saved":
      return next.shared ? "(shared with the organization)" : "(private)";
    case "view.updated":
      if (typeof next.shared === "boolean" && next.shared !== prev.shared)
        return next.shared ? "— now shared with the organization" : "— no longer shared";
      return "";
    case "participant.added":
    case "participant.removed": {
      const v = entry.action === "participant.added" ? next : prev;
      const who = str(v.person);
      return who ? `: ${who}` : "";
    }
    default:
      return "";
  }
}

const SELF = new Set([
  "member.joined",
  "member.left",
  "member.profile_updated",
  "organization.created",
  "support.opened",
]);

/**
 * Who the sentence names as the actor: platform support staff aren't members, so their entries carry the address
 * ("Support (sam@…)"); everyone else by name, as the entry's actor was read.
 */
export function actorName(entry: Pick<ActivityEntry, "action" | "actor" | "actorId" | "newValues">): string {
  const next = (entry.newValues ?? {}) as Record<string, unknown>;
  if (entry.action.startsWith("support.") && str(next.supportEmail))
    return `Support (${str(next.supportEmail)})`;
  return personName(entry.actor, entry.actorId ? "A teammate" : "Hearth");
}

/** One entry as the words of a sentence: "<actor> <action> <label><detail>" (the label links where it lives). */
export function describeEntry(entry: ActivityEntry): { action: string; label: string; detail: string } {
  const detail = describeDetail(entry);
  const action = describeAction(entry.action, entry.entityType, entry.newValues, entry.oldValues);
  // An entry that doesn't name its subject: "completed a task", not "completed the task a task".
  const unnamed = entry.entityLabel ? null : /^(.+) the ([a-z ]+)$/.exec(action);
  if (unnamed && !SELF.has(entry.action))
    return {
      action: `${unnamed[1]} ${/^[aeiou]/.test(unnamed[2]!) ? "an" : "a"} ${unnamed[2]}`,
      label: "",
      detail: detail && (/^[:,]/.test(detail) ? detail : ` ${detail}`),
    };
  return {
    action,
    // Joining and leaving are about the actor themself; the plan has no name of its own.
    label: SELF.has(entry.action) ? "" : entry.action === "plan.changed" ? "the plan" : entryLabel(entry),
    detail: detail && (/^[:,]/.test(detail) ? detail : ` ${detail}`),
  };
}
