// Tagging, merging, dismissing duplicates and saved views read as sentences naming their subject.
import { describe, expect, it } from "vitest";
import { entityHref } from "@/lib/modules/activity/schemas";
import { sentence } from "../support/activity-sentence";

describe("tag, merge and view sentences", () => {
  it("names the contact and the tag", () => {
    expect(sentence("contact.tagged", "contact", { name: "Amelia Brown", tag: "VIP" })).toBe(
      "Alex tagged the contact Amelia Brown with “VIP”",
    );
    expect(sentence("contact.untagged", "contact", null, { name: "Amelia Brown", tag: "VIP" })).toBe(
      "Alex removed a tag from the contact Amelia Brown: “VIP”",
    );
    const contacts = ["Amelia Brown", "Ben Ito", "Cleo Diaz", "Dan Eve"].map((name, i) => ({
      id: `${i}`,
      name,
    }));
    expect(
      sentence("contact.bulk_tagged", "contact_tagging", {
        tagId: "t1",
        tag: "Open house",
        count: 12,
        contacts,
        contactIds: ["0", "1", "2", "3"],
      }),
    ).toBe("Alex tagged 12 contacts with “Open house”: Amelia Brown, Ben Ito, Cleo Diaz and 9 more");
    expect(
      entityHref("quay", {
        action: "contact.bulk_tagged",
        entityType: "contact_tagging",
        entityId: null,
        newValues: { tagId: "t1" },
        oldValues: null,
      }),
    ).toBe("/quay/crm/contacts?tag=t1");
  });

  it("says which contact was merged into which, and what was kept from it", () => {
    expect(
      sentence(
        "contact.merged",
        "contact",
        {
          name: "Amelia Brown",
          removedName: "AMELIA BROWN",
          fieldsFromRemoved: ["email", "assignedTo", "nextFollowUp"],
        },
        { kept: { name: "Amelia Brown" }, removed: { name: "AMELIA BROWN" } },
      ),
    ).toBe(
      "Alex merged the contact Amelia Brown with its duplicate “AMELIA BROWN”, keeping its email, assignee and follow-up date",
    );
    expect(
      sentence("contact.merged", "contact", {
        name: "Zoe Haddad",
        removedName: "Zoe Haddad",
        fieldsFromRemoved: [],
      }),
    ).toBe("Alex merged the contact Zoe Haddad with its duplicate “Zoe Haddad”");
    expect(
      sentence("contact.duplicate_dismissed", "contact", { name: "Zoe Haddad", otherName: "Zoe Hadad" }),
    ).toBe("Alex marked the contact Zoe Haddad as not a duplicate of “Zoe Hadad”");
  });

  it("names saved views and whether they are shared", () => {
    expect(sentence("view.saved", "saved_view", { name: "Hot leads", shared: true })).toBe(
      "Alex saved the view Hot leads (shared with the organization)",
    );
    expect(sentence("view.saved", "saved_view", { name: "Mine", shared: false })).toBe(
      "Alex saved the view Mine (private)",
    );
    expect(
      sentence(
        "view.updated",
        "saved_view",
        { name: "Hot leads", shared: false },
        { name: "Hot leads", shared: true },
      ),
    ).toBe("Alex changed the view Hot leads — no longer shared");
    expect(sentence("view.deleted", "saved_view", null, { name: "Hot leads", shared: true })).toBe(
      "Alex deleted the view Hot leads",
    );
  });
});
