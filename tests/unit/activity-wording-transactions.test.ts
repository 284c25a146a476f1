// The live feed's wording for the checklist and key-date entries: a sentence a person would say, naming the loop or
// the template, and a link to where it lives.
import { describe, expect, it } from "vitest";
import { entityHref, entityLabelOf } from "@/lib/modules/activity/schemas";
import { describeAction } from "@/components/activity/wording";

const sentence = (action: string, entityType: string, newValues: unknown, oldValues: unknown = null) =>
  `Olive ${describeAction(action, entityType)} ${entityLabelOf(newValues, oldValues)}`;

describe("feed wording for checklists and key dates", () => {
  it("names the loop for key dates and the tasks they move, and the template for template edits", () => {
    const loop = { propertyAddress: "8 Quay Street", keyDateId: "k1", kind: "INSPECTION", label: null };
    expect(sentence("key_date.set", "transaction_loop", loop)).toBe("Olive set a key date on 8 Quay Street");
    expect(sentence("key_date.removed", "transaction_loop", null, loop)).toBe(
      "Olive removed a key date from 8 Quay Street",
    );
    expect(
      sentence("task.due_dates_moved", "transaction_loop", {
        propertyAddress: "8 Quay Street",
        keyDate: "INSPECTION",
        tasks: [{ id: "t1", title: "Order the home inspection", from: null, to: "2027-05-01" }],
      }),
    ).toBe("Olive rescheduled tasks with a key date on 8 Quay Street");
    expect(
      sentence("template.updated", "checklist_template", {
        name: "Purchase checklist",
        change: "item_added",
        title: "Hand over the keys",
      }),
    ).toBe("Olive edited the checklist template Purchase checklist");
  });

  it("links template edits to the templates page and key-date entries to their loop", () => {
    const entry = { entityId: "l1", newValues: {}, oldValues: null };
    expect(
      entityHref("quay", { ...entry, action: "template.updated", entityType: "checklist_template" }),
    ).toBe("/quay/settings/templates");
    expect(entityHref("quay", { ...entry, action: "key_date.set", entityType: "transaction_loop" })).toBe(
      "/quay/transactions/l1",
    );
  });
});
