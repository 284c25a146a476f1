// @vitest-environment jsdom
// The import's mapping step: columns come up suggested from their names (or as the organization mapped the same
// headers last time), changing a column's field changes the preview of the first rows, "Don't import" drops it, a
// mapping that can't work can't be submitted, and what is submitted is the mapping on screen.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readFileHead } from "@/components/crm/contact-import";
import { ImportMappingStep } from "@/components/crm/import-mapping-step";
import type { RememberedMapping } from "@/lib/modules/crm/client";

afterEach(cleanup);

const headers = ["First Name", "Last Name", "Email"];
const rows = [
  { line: 2, values: ["Ada", "Lovelace", "ADA@Example.test"] },
  { line: 3, values: ["Grace", "Hopper", "grace@example.test"] },
  { line: 4, values: ["", "", "nobody@example.test"] },
];

function renderStep(remembered: RememberedMapping[] = []) {
  const onImport = vi.fn();
  render(
    <ImportMappingStep
      fileName="leads.csv"
      headers={headers}
      rows={rows}
      remembered={remembered}
      pending={false}
      onImport={onImport}
      onCancel={() => {}}
    />,
  );
  return onImport;
}

const select = (header: string) => screen.getByLabelText<HTMLSelectElement>(`Import ${header} as`);
const previewRows = () =>
  within(screen.getByRole("table", { name: "Preview" }))
    .getAllByRole("row")
    .map((r) =>
      within(r)
        .queryAllByRole("cell")
        .map((c) => c.textContent),
    );
const previewHeader = () =>
  within(screen.getByRole("table", { name: "Preview" }))
    .getAllByRole("columnheader")
    .map((c) => c.textContent);

describe("ImportMappingStep", () => {
  it("suggests fields for First Name, Last Name, Email and previews the rows as they will be imported", () => {
    const onImport = renderStep();
    expect(headers.map((h) => select(h).value)).toEqual(["first_name", "last_name", "email"]);
    expect(screen.getByText(/Suggested from the column names/)).toBeTruthy();
    expect(previewHeader()).toEqual(["Line", "Name", "Email"]);
    expect(previewRows().slice(1)).toEqual([
      ["2", "Ada Lovelace", "ada@example.test"],
      ["3", "Grace Hopper", "grace@example.test"],
      ["4", "Will be rejected: Name is missing"],
    ]);
    expect(screen.getByRole<HTMLInputElement>("radio", { name: /Skip it/ }).checked).toBe(true);

    fireEvent.click(screen.getByRole("radio", { name: /Update the existing contact/ }));
    fireEvent.click(screen.getByRole("button", { name: "Import contacts" }));
    expect(onImport).toHaveBeenCalledWith({
      fields: ["first_name", "last_name", "email"],
      duplicates: "update",
    });
  });

  it("changing a column's field updates the preview; Don't import drops the column", () => {
    renderStep();
    fireEvent.change(select("Last Name"), { target: { value: "company" } });
    expect(previewHeader()).toEqual(["Line", "Name", "Email", "Company"]);
    expect(previewRows()[1]).toEqual(["2", "Ada", "ada@example.test", "Lovelace"]);

    fireEvent.change(select("Email"), { target: { value: "" } });
    expect(previewHeader()).toEqual(["Line", "Name", "Company"]);
    expect(previewRows()[1]).toEqual(["2", "Ada", "Lovelace"]);
  });

  it("a mapping without a name, or with a field twice, can't be imported and says why", () => {
    const onImport = renderStep();
    fireEvent.change(select("First Name"), { target: { value: "" } });
    fireEvent.change(select("Last Name"), { target: { value: "" } });
    expect(screen.getByRole("alert").textContent).toMatch(/Map a column to Name/);
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Import contacts" }).disabled).toBe(true);

    fireEvent.change(select("First Name"), { target: { value: "email" } });
    expect(screen.getByRole("alert").textContent).toBe(
      "“First Name” and “Email” both fill Email. Choose one.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Import contacts" }));
    expect(onImport).not.toHaveBeenCalled();
  });

  it("uses the organization's remembered mapping for the same headers (case and spaces aside)", () => {
    const onImport = renderStep([
      { headers: ["other"], fields: ["name"], duplicates: "create" },
      {
        headers: [" first name", "LAST NAME", "email "],
        fields: ["name", "", "email"],
        duplicates: "update",
      },
    ]);
    expect(screen.getByText(/Mapped the way your team imported a file with these columns/)).toBeTruthy();
    expect(headers.map((h) => select(h).value)).toEqual(["name", "", "email"]);
    expect(screen.getByRole<HTMLInputElement>("radio", { name: /Update the existing contact/ }).checked).toBe(
      true,
    );
    expect(previewRows()[1]).toEqual(["2", "Ada", "ada@example.test"]);
    fireEvent.click(screen.getByRole("button", { name: "Import contacts" }));
    expect(onImport).toHaveBeenCalledWith({ fields: ["name", "", "email"], duplicates: "update" });
  });
});

describe("readFileHead", () => {
  it("reads the header row and the first rows of a chosen file, lines as in the file", async () => {
    const file = new Blob([
      '\uFEFFFirst Name,Notes\r\nAda,"two\r\nlines"\r\n',
      ...Array.from({ length: 8 }, (_, i) => `P${i},\r\n`),
    ]);
    const head = await readFileHead(file);
    expect(head.headers).toEqual(["First Name", "Notes"]);
    expect(head.rows.map((r) => r.line)).toEqual([2, 4, 5, 6, 7]);
    expect(head.rows[0]!.values).toEqual(["Ada", "two\r\nlines"]);
    await expect(readFileHead(new Blob([""]))).rejects.toThrow(/empty/);
  });
});
