// The import's suggestions for the header rows real exports carry, and the phone match key.
import { describe, expect, it } from "vitest";
import { mappingProblem, phoneKey, suggestMapping } from "@/lib/modules/crm/client";

const suggested = (headers: string[]) =>
  Object.fromEntries(
    headers.flatMap((h, i) => (suggestMapping(headers)[i] ? [[h, suggestMapping(headers)[i]]] : [])),
  );

describe("suggestMapping", () => {
  it("maps Follow Up Boss, kvCORE, Google and Outlook exports", () => {
    expect(
      suggested([
        "First Name",
        "Last Name",
        "Stage",
        "Lead Source",
        "Email 1",
        "Email 2",
        "Phone 1",
        "Tags",
        "Background",
      ]),
    ).toEqual({
      "First Name": "first_name",
      "Last Name": "last_name",
      "Lead Source": "source",
      "Email 1": "email",
      "Phone 1": "phone",
      Background: "notes",
    });
    expect(suggested(["First Name", "Last Name", "Email", "Cell Phone", "Source", "Status"])).toEqual({
      "First Name": "first_name",
      "Last Name": "last_name",
      Email: "email",
      "Cell Phone": "phone",
      Source: "source",
      Status: "status",
    });
    expect(
      suggested([
        "Name",
        "Given Name",
        "Family Name",
        "E-mail 1 - Value",
        "Phone 1 - Value",
        "Organization Name",
        "Notes",
      ]),
    ).toEqual({
      Name: "name",
      "Given Name": "first_name",
      "Family Name": "last_name",
      "E-mail 1 - Value": "email",
      "Phone 1 - Value": "phone",
      "Organization Name": "company",
      Notes: "notes",
    });
    expect(
      suggested(["First Name", "Middle Name", "Last Name", "E-mail Address", "Mobile Phone", "Company"]),
    ).toEqual({
      "First Name": "first_name",
      "Last Name": "last_name",
      "E-mail Address": "email",
      "Mobile Phone": "phone",
      Company: "company",
    });
  });

  it("gives a field to the first column that suggests it, and the result passes the server's check", () => {
    const headers = ["Mobile", "Phone", "Full Name"];
    expect(suggestMapping(headers)).toEqual(["phone", "", "name"]);
    expect(mappingProblem(headers, suggestMapping(headers))).toBeNull();
  });
});

describe("phoneKey", () => {
  it("compares the last 10 digits, and not at all under 7", () => {
    expect(phoneKey("+1 (555) 010-0199")).toBe(phoneKey("555.010.0199"));
    expect(phoneKey("+44 20 7946 0000")).toBe(phoneKey("020 7946 0000"));
    expect(phoneKey("555 01")).toBeNull();
    expect(phoneKey(null)).toBeNull();
  });
});
