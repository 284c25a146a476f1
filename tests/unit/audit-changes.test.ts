// An update's audit entry records what changed — before and after — plus the fields that name the record.
import { describe, expect, it } from "vitest";
import { auditChanges } from "@/lib/audit/record";

describe("auditChanges", () => {
  it("keeps only the changed fields and the naming ones; dates as ISO strings, undefined as null", () => {
    const when = new Date("2027-03-31T09:00:00.000Z");
    const { changed, oldValues, newValues } = auditChanges(
      { title: "Offer", value: "100.00", stage: "LEAD", expectedClose: when, note: undefined },
      { title: "Offer", value: "120.00", stage: "LEAD", expectedClose: new Date(when), note: "x" },
      { keep: ["title"] },
    );
    expect(changed).toEqual(["value", "note"]);
    expect(oldValues).toEqual({ title: "Offer", value: "100.00", note: null });
    expect(newValues).toEqual({ title: "Offer", value: "120.00", note: "x" });
  });

  it("records nothing but the naming fields when nothing changed", () => {
    expect(auditChanges({ title: "A", n: 1 }, { title: "A", n: 1 }, { keep: ["title"] })).toEqual({
      changed: [],
      oldValues: { title: "A" },
      newValues: { title: "A" },
    });
  });
});
