// CSV fields for exports: quoted when needed and defused against spreadsheet formula injection.
import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "@/lib/csv";

describe("CSV export fields", () => {
  it("quotes commas, quotes and newlines", () => {
    expect(csvField('Smith, "Jr"')).toBe('"Smith, ""Jr"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvLine(["a", null, 3, { k: "v" }])).toBe('a,,3,"{""k"":""v""}"\r\n');
  });

  it("prefixes cells a spreadsheet would run as formulas", () => {
    for (const evil of ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
      expect(csvField(evil).replace(/^"/, "")).toMatch(/^'/);
    expect(csvField("plain")).toBe("plain");
  });
});
