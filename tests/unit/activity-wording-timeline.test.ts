// The feed's and the audit log's wording for a contact's timeline: what was logged, by kind, with what was said,
// and reminders set, changed, done, reopened and deleted — each naming the contact.
import { describe, expect, it } from "vitest";
import { describeEntry } from "@/components/activity/wording";
import { entityLabelOf, type ActivityEntry } from "@/lib/modules/activity/schemas";

const entry = (action: string, newValues: unknown, oldValues: unknown = null): ActivityEntry => ({
  id: "e1",
  seq: 1,
  action,
  entityType: "contact",
  entityId: "c1",
  entityLabel: entityLabelOf(newValues, oldValues),
  actorId: "u1",
  actor: { id: "u1", name: "Olive", email: "olive@x.test" },
  createdAt: "2026-12-06T08:00:00.000Z",
  newValues,
  oldValues,
});
const sentence = (e: ActivityEntry) => {
  const w = describeEntry(e);
  return `Olive ${w.action} ${w.label}${w.detail}`;
};

describe("timeline wording", () => {
  it("says what was logged, by kind, with what was said", () => {
    const name = "Amelia Brown";
    expect(sentence(entry("contact.entry_logged", { name, kind: "CALL", body: "Talked offers" }))).toBe(
      "Olive logged a call with Amelia Brown: “Talked offers”",
    );
    expect(sentence(entry("contact.entry_logged", { name, kind: "NOTE", body: "Prefers texts" }))).toBe(
      "Olive added a note to Amelia Brown: “Prefers texts”",
    );
    expect(sentence(entry("contact.entry_logged", { name, kind: "EMAIL", body: "Sent comps" }))).toBe(
      "Olive logged an email with Amelia Brown: “Sent comps”",
    );
    expect(sentence(entry("contact.entry_updated", { name, kind: "MEETING", body: "Moved to 3pm" }))).toBe(
      "Olive edited a meeting with Amelia Brown: text",
    );
    expect(sentence(entry("contact.entry_deleted", null, { name, kind: "NOTE", body: "Old note" }))).toBe(
      "Olive deleted a note on Amelia Brown: “Old note”",
    );
  });

  it("says what else changed along with a contact's status (the timeline's changes)", () => {
    expect(
      sentence(
        entry(
          "contact.updated",
          { name: "Thomas Baker", phone: "+1 555 010 2000", status: "PROSPECT" },
          { name: "Tom Baker", phone: null, status: "LEAD" },
        ),
      ),
    ).toBe("Olive updated the contact Thomas Baker — status from Lead to Prospect; also name and phone");
  });

  it("names the reminder and the contact", () => {
    const r = { name: "Amelia Brown", title: "Send comps" };
    expect(sentence(entry("contact.reminder_set", r))).toBe(
      "Olive set a reminder on Amelia Brown: “Send comps”",
    );
    expect(sentence(entry("contact.reminder_completed", r))).toBe(
      "Olive completed a reminder on Amelia Brown: “Send comps”",
    );
    expect(sentence(entry("contact.reminder_reopened", r))).toBe(
      "Olive reopened a reminder on Amelia Brown: “Send comps”",
    );
    expect(sentence(entry("contact.reminder_deleted", null, r))).toBe(
      "Olive deleted a reminder on Amelia Brown: “Send comps”",
    );
  });
});
