// A contact's history from the audit log, in words: who did what, when.
import { CONTACT_STATUS_LABELS, type ContactStatus } from "@/lib/modules/crm/schemas";
import { EmptyState } from "@/components/ui";
import { LocalTime } from "./local-time";
import { type Person } from "@/lib/people";
import { personName } from "@/components/ui/format";
import type { ContactDetail } from "@/lib/modules/crm";

export type ActivityItem = ContactDetail["activity"][number];

const FIELD_NAMES: Record<string, string> = {
  name: "name",
  email: "email",
  phone: "phone",
  company: "company",
  status: "status",
  source: "source",
  assignedTo: "assignee",
  nextFollowUp: "follow-up",
  notes: "notes",
};

function describe(item: ActivityItem, people: Map<string, string>): string {
  const next = (item.newValues ?? {}) as Record<string, unknown>;
  const who = (id: unknown) => (typeof id === "string" ? (people.get(id) ?? "a former member") : "nobody");
  switch (item.action) {
    case "contact.created":
      return "added this contact";
    case "contact.assigned":
      return next.assignedTo
        ? `assigned it to ${who(next.assignedTo)}${next.bulk ? " (bulk)" : ""}`
        : `unassigned it${next.bulk ? " (bulk)" : ""}`;
    case "contact.bulk_assigned": {
      const others = typeof next.count === "number" ? next.count - 1 : 0;
      const along =
        others > 0
          ? ` along with ${others === 1 ? "1 other contact" : `${others.toLocaleString("en-US")} others`}`
          : "";
      return next.assignedTo ? `assigned it to ${who(next.assignedTo)}${along}` : `unassigned it${along}`;
    }
    case "contact.updated": {
      const fields = Object.keys(next);
      if (fields.length === 0) return "saved it without changes";
      const parts = fields.map((f) => {
        if (f === "status" && typeof next.status === "string")
          return `status to ${CONTACT_STATUS_LABELS[next.status as ContactStatus] ?? next.status}`;
        if (f === "assignedTo")
          return next.assignedTo ? `assignee to ${who(next.assignedTo)}` : "removed the assignee";
        return FIELD_NAMES[f] ?? f;
      });
      return `changed ${parts.join(", ")}`;
    }
    default:
      return item.action.replace(/^contact\./, "").replace(/_/g, " ");
  }
}

export function ContactActivity({ items, people }: { items: ActivityItem[]; people: Array<Person> }) {
  if (items.length === 0)
    return <EmptyState title="No activity yet" description="Changes to this contact will be listed here." />;
  const names = new Map(people.map((p) => [p.id, personName(p)]));
  return (
    <ol className="flex flex-col gap-3" aria-label="Activity">
      {items.map((item) => (
        <li key={item.id} className="flex flex-col border-l-2 border-border pl-3 text-sm">
          <p>
            <strong>{personName(item.actor, "Hearth")}</strong> {describe(item, names)}
          </p>
          <LocalTime iso={item.createdAt} className="text-xs text-fg-muted" />
        </li>
      ))}
    </ol>
  );
}
