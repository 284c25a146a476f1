// The live feed's sentences for compliance review: who did what to which document, and the detail that matters
// (the slot, the reviewer's note, the setting or flag that changed).
import { describe, expect, it } from "vitest";
import { entityLabelOf } from "@/lib/modules/activity/schemas";
import { describeAction, describeDetail } from "@/components/activity/wording";

function sentence(action: string, entityType: string, newValues: unknown, oldValues: unknown = null) {
  const label = entityLabelOf(newValues, oldValues) ?? entityType;
  const detail = describeDetail({ action, newValues, oldValues });
  return `Alex ${describeAction(action, entityType)} ${label}${detail && (detail.startsWith(":") ? detail : ` ${detail}`)}`;
}

describe("compliance review in the activity feed", () => {
  it("says what was submitted, approved and returned, with the slot and the note", () => {
    const doc = { loopId: "l", fileName: "Offer.pdf", slot: "Purchase agreement" };
    expect(
      sentence("review.submitted", "transaction_loop", { propertyAddress: "7 Quay Street", documents: 2 }),
    ).toBe("Alex submitted for compliance review 7 Quay Street (2 documents)");
    expect(sentence("document.submitted", "transaction_document", doc)).toBe(
      "Alex submitted for review Offer.pdf (Purchase agreement)",
    );
    expect(sentence("document.approved", "transaction_document", doc)).toBe(
      "Alex approved Offer.pdf (Purchase agreement)",
    );
    expect(
      sentence("document.returned", "transaction_document", { ...doc, note: "Page 3 is unsigned." }),
    ).toBe("Alex returned Offer.pdf (Purchase agreement) with the note “Page 3 is unsigned.”");
    expect(sentence("document.filed", "transaction_document", doc)).toBe(
      "Alex filed Offer.pdf as Purchase agreement",
    );
    expect(sentence("document.filed", "transaction_document", { ...doc, slot: null })).toBe(
      "Alex filed Offer.pdf out of the checklist",
    );
  });

  it("names the checklist slot added or removed, and the setting or reviewer flag that changed", () => {
    expect(
      sentence("slot.added", "transaction_loop", {
        propertyAddress: "7 Quay Street",
        slot: "HOA documents",
        required: true,
      }),
    ).toBe("Alex added a checklist document to 7 Quay Street: “HOA documents”, required to close");
    expect(
      sentence("slot.removed", "transaction_loop", null, {
        propertyAddress: "7 Quay Street",
        slot: "HOA documents",
      }),
    ).toBe("Alex removed a checklist document from 7 Quay Street: “HOA documents”");
    expect(
      describeDetail({
        action: "organization.updated",
        newValues: { requireApprovalToClose: false },
        oldValues: { requireApprovalToClose: true },
      }),
    ).toBe("— transactions can now close without approval");
    expect(
      sentence(
        "member.role_changed",
        "member",
        { role: "MEMBER", grants: ["reviews:manage"], email: "sam@example.test" },
        { role: "MEMBER", grants: [], email: "sam@example.test" },
      ),
    ).toBe("Alex changed the role of sam@example.test — now reviews documents");
  });
});
