// Every feed and audit-log entry reads as a sentence a person would say: the subject's name (never its type, as in
// "completed transaction task transaction task"), the change from → to, and a bulk assignment as one grouped line.
import { describe, expect, it } from "vitest";
import { entityHref, entityLabelOf, type ActivityEntry } from "@/lib/modules/activity/schemas";
import { actorName, describeEntry } from "@/components/activity/wording";
import { sentence } from "../support/activity-sentence";

describe("activity sentences", () => {
  it("names the subject of task, loop, document and contact entries", () => {
    expect(
      sentence("task.completed", "transaction_task", { title: "Order the inspection", status: "DONE" }),
    ).toBe("Alex completed the task Order the inspection");
    expect(
      sentence(
        "loop.status_changed",
        "transaction_loop",
        { propertyAddress: "7 Quay Street", status: "UNDER_CONTRACT" },
        { status: "ACTIVE" },
      ),
    ).toBe("Alex moved the transaction 7 Quay Street from Active to Under contract");
    expect(
      sentence("document.link_created", "transaction_document", { fileName: "Offer.pdf", expiresAt: "x" }),
    ).toBe("Alex created a download link for Offer.pdf");
    expect(
      sentence(
        "deal.stage_changed",
        "deal",
        { title: "Quay St buyers", stage: "OFFER" },
        { stage: "SHOWING" },
      ),
    ).toBe("Alex moved the deal Quay St buyers from Showing to Offer");
    expect(
      sentence(
        "deal.stage_changed",
        "deal",
        { title: "Smith purchase", stage: "CLOSED_LOST", reason: "Went with another agent" },
        { stage: "OFFER" },
      ),
    ).toBe("Alex marked the deal Smith purchase lost — went with another agent");
    expect(
      sentence(
        "deal.stage_changed",
        "deal",
        { title: "Smith purchase", stage: "CLOSED_WON", value: "512000.00" },
        { stage: "UNDER_CONTRACT", value: "500000.00" },
      ),
    ).toBe("Alex marked the deal Smith purchase won at $512,000");
    expect(sentence("deal.note_added", "deal", { title: "Smith purchase", noteId: "n" })).toBe(
      "Alex added a note to the deal Smith purchase",
    );
    expect(
      sentence("deal.loop_started", "deal", {
        title: "Smith purchase",
        loopId: "l",
        propertyAddress: "12 Elm St",
      }),
    ).toBe("Alex started a transaction from the deal Smith purchase — 12 Elm St");
    expect(sentence("contact.created", "contact", { name: "Amelia Brown" })).toBe(
      "Alex added the contact Amelia Brown",
    );
    expect(
      sentence(
        "contact.updated",
        "contact",
        { name: "Amelia Brown", status: "CLIENT" },
        { name: "Amelia Brown", status: "LEAD" },
      ),
    ).toBe("Alex updated the contact Amelia Brown — status from Lead to Client");
    expect(
      sentence(
        "contact.updated",
        "contact",
        { name: "Amelia Brown", phone: "+1", email: "a@b.c" },
        { name: "Amelia Brown", phone: null, email: null },
      ),
    ).toBe("Alex updated the contact Amelia Brown: phone and email");
    expect(
      sentence("participant.added", "transaction_loop", { propertyAddress: "7 Quay", person: "Zoe Haddad" }),
    ).toBe("Alex added a person to 7 Quay: Zoe Haddad");
    expect(
      sentence("contact.imported", "contact_import", { fileName: "leads.csv", imported: 98, rejected: 2 }),
    ).toBe("Alex imported contacts from leads.csv — 98 contacts added, 2 rows skipped");
    expect(
      sentence("contact.imported", "contact_import", {
        fileName: "fub.csv",
        imported: 5,
        updated: 1200,
        skipped: 3,
        rejected: 1,
      }),
    ).toBe(
      "Alex imported contacts from fub.csv — 5 contacts added, 1,200 updated, 3 skipped, 1 row rejected",
    );
  });

  it("entries written before they carried names still read as sentences, never with the type as the name", () => {
    expect(sentence("task.completed", "transaction_task", { status: "DONE" })).toBe("Alex completed a task");
    expect(
      sentence("loop.status_changed", "transaction_loop", { status: "CLOSED" }, { status: "CLOSING" }),
    ).toBe("Alex moved a transaction from Closing to Closed");
    for (const s of [
      sentence("contact.assigned", "contact", { assignedTo: "u2", bulk: true }),
      sentence("document.link_created", "transaction_document", { expiresAt: "x" }),
      sentence("task.completed", "transaction_task", { status: "DONE" }),
    ])
      expect(s).not.toMatch(/contact contact|transaction task|transaction document/);
  });

  it("says roles and plans from → to, with one casing", () => {
    expect(
      sentence(
        "member.role_changed",
        "member",
        { role: "ADMIN", email: "sam@example.test" },
        { role: "MEMBER", email: "sam@example.test" },
      ),
    ).toBe("Alex changed the role of sam@example.test from Member to Admin");
    expect(sentence("member.invited", "invitation", { email: "kim@example.test", role: "VIEWER" })).toBe(
      "Alex invited kim@example.test as Viewer",
    );
    expect(sentence("member.joined", "member", { email: "kim@example.test", role: "VIEWER" })).toBe(
      "Alex joined the organization as Viewer",
    );
    expect(sentence("plan.changed", "subscription", { tier: "GROWTH" }, { tier: "STARTER" })).toBe(
      "Alex changed the plan from Starter to Growth",
    );
  });

  it("groups a bulk assignment: the assignee, the count and the first few contacts", () => {
    const contacts = [
      { id: "1", name: "Amelia Brown" },
      { id: "2", name: "Ben Ito" },
      { id: "3", name: "Zoe Haddad" },
    ];
    const ids = Array.from({ length: 98 }, (_, i) => String(i));
    expect(
      sentence("contact.bulk_assigned", "contact_assignment", {
        assignedTo: "u2",
        assigneeName: "Sam Lee",
        count: 98,
        contacts,
        contactIds: ids,
      }),
    ).toBe("Alex assigned 98 contacts to Sam Lee: Amelia Brown, Ben Ito, Zoe Haddad and 95 more");
    expect(
      sentence("contact.bulk_assigned", "contact_assignment", {
        assignedTo: null,
        assigneeName: null,
        count: 2,
        contacts: contacts.slice(0, 2),
        contactIds: ["1", "2"],
      }),
    ).toBe("Alex unassigned 2 contacts: Amelia Brown and Ben Ito");
    expect(
      entityHref("quay", {
        action: "contact.bulk_assigned",
        entityType: "contact_assignment",
        entityId: null,
        newValues: { assignedTo: "u2" },
        oldValues: null,
      }),
    ).toBe("/quay/crm/contacts?assignee=u2");
  });
});

describe("support staff's entries", () => {
  it("name support staff by address and say why they opened the organization", () => {
    const newValues = { reason: "#4512: the import fails", supportEmail: "sam@hearth.test", expiresAt: "x" };
    const entry: ActivityEntry = {
      id: "e",
      seq: 1,
      action: "support.opened",
      entityType: "organization",
      entityId: "o",
      entityLabel: entityLabelOf(newValues, null),
      actorId: "u",
      actor: null,
      createdAt: "2026-12-01T00:00:00Z",
      newValues,
      oldValues: null,
    };
    const w = describeEntry(entry);
    expect(`${actorName(entry)} ${w.action}${w.label ? ` ${w.label}` : ""}${w.detail}`).toBe(
      "Support (sam@hearth.test) opened the organization — reason: “#4512: the import fails”",
    );
    expect(sentence("member.profile_updated", "member", { name: "Morgan Lee" }, { name: "Morgan" })).toBe(
      "Alex changed their name from “Morgan” to “Morgan Lee”",
    );
    // everyone else keeps their name
    expect(
      actorName({ ...entry, action: "contact.created", actor: { id: "u", name: "Alex", email: null } }),
    ).toBe("Alex");
  });
});
