// An activity entry as the sentence the feed shows ("Alex completed the task …"), for the wording tests.
import { entityLabelOf, type ActivityEntry } from "@/lib/modules/activity/schemas";
import { describeEntry } from "@/components/activity/wording";

export function sentence(action: string, entityType: string, newValues: unknown, oldValues: unknown = null) {
  const entry: ActivityEntry = {
    id: "e",
    seq: 1,
    action,
    entityType,
    entityId: null,
    // What the feed's query and the Realtime client compute from the values.
    entityLabel: entityLabelOf(newValues, oldValues),
    actorId: "u",
    actor: null,
    createdAt: "2026-12-01T00:00:00Z",
    newValues,
    oldValues,
  };
  const w = describeEntry(entry);
  return `Alex ${w.action}${w.label ? ` ${w.label}` : ""}${w.detail}`;
}
