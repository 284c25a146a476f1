// CSV import: good rows imported and bad rows reported with reasons (invalid values, duplicates in the file
// or already in the organization); a file broken mid-way (cut off inside a quote, invalid UTF-8, upload
// interrupted, over the limits) imports nothing; progress is reported; only admins and owners may import.
import { describe, expect, it } from "vitest";
import { importContacts, type ImportProgress } from "@/lib/modules/crm/services/import";
import { createContact } from "@/lib/modules/crm/services/contacts";
import { toCsv } from "@/lib/csv";
import { ownerDb, suffix } from "../../support/factories";
import { crmTenant, ctxOf, fails, interruptedStream, streamOf } from "./support";

const count = (orgId: string) => ownerDb().contact.count({ where: { organizationId: orgId } });

describe("CSV import", () => {
  it("imports the good rows and reports every bad row with its line and reason", async () => {
    const t = await crmTenant({ roles: ["OWNER", "ADMIN"] });
    const s = suffix();
    await createContact(await ctxOf(t, "OWNER"), {
      organization: t.org.slug,
      name: "Already here",
      email: `existing-${s}@example.test`,
    });
    const csv = [
      "Name,Email,Phone,Company,Status,Next follow-up,Notes,Favourite colour",
      `Ada Lovelace,ada-${s}@example.test,+44 20 7946 0000,Analytical,client,2031-05-01,"Likes ""engines""",blue`,
      `Grace Hopper,GRACE-${s}@Example.test,,Navy,Past client,,"Line one\nline two",green`,
      `,nameless-${s}@example.test,,,,,,`,
      `Bad Email,not-an-email,,,,,,`,
      `Bad Status,,,,Sleeping,,,`,
      `Copy of Ada,ada-${s}@example.test,,,,,,`,
      `Dup In Org,EXISTING-${s}@example.test,,,,,,`,
      `Too,Many,Values,In,This,Row,For,The,Header`,
      `Bad Date,,,,,not-a-date,,`,
      "",
      `No Email Person,,555 0199,,lead,,,`,
    ].join("\r\n");
    const progress: ImportProgress[] = [];
    const result = await importContacts(await ctxOf(t, "ADMIN", "contacts:bulk"), streamOf(csv), {
      fileName: "contacts.csv",
      onProgress: (p) => progress.push(p),
    });
    expect(result.imported).toBe(3);
    expect(result.rows).toBe(10);
    expect(result.ignoredColumns).toEqual(["Favourite colour"]);
    expect(result.rejected.map((r) => [r.line, r.reason])).toEqual([
      [5, "Name is missing"],
      [6, "Enter a valid email address"],
      [7, expect.stringMatching(/^Status must be one of: Lead, Prospect/)],
      [8, "Same email as line 2 of this file"],
      [9, "A contact with this email already exists in your organization"],
      [10, "Has 9 values, the header has 8"],
      [11, "Next follow-up: Enter a valid date and time"],
    ]);
    expect(result.rejected[3]!.values).toEqual([
      `Copy of Ada`,
      `ada-${s}@example.test`,
      "",
      "",
      "",
      "",
      "",
      "",
    ]);

    const rows = await ownerDb().contact.findMany({
      where: { organizationId: t.org.id, createdBy: t.users.ADMIN!.id },
      orderBy: { name: "asc" },
    });
    expect(rows.map((r) => r.name)).toEqual(["Ada Lovelace", "Grace Hopper", "No Email Person"]);
    expect(rows[0]).toMatchObject({
      email: `ada-${s}@example.test`,
      status: "CLIENT",
      notes: 'Likes "engines"',
      company: "Analytical",
    });
    expect(rows[0]!.nextFollowUp?.toISOString()).toBe("2031-05-01T00:00:00.000Z");
    expect(rows[1]).toMatchObject({
      email: `grace-${s}@example.test`,
      status: "PAST_CLIENT",
      notes: "Line one\nline two",
      phone: null,
    });

    const audit = await ownerDb().auditLog.findFirstOrThrow({
      where: { organizationId: t.org.id, action: "contact.imported" },
    });
    expect(audit).toMatchObject({
      userId: t.users.ADMIN!.id,
      entityType: "contact_import",
      newValues: { fileName: "contacts.csv", rows: 10, imported: 3, rejected: 7 },
    });

    expect(progress[0]).toMatchObject({ phase: "reading" });
    expect(progress.filter((p) => p.phase === "importing").at(-1)).toEqual({
      phase: "importing",
      done: 4,
      total: 4,
    });
  });

  it("imports nothing when the file is cut off inside a quoted value", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const good = Array.from({ length: 1500 }, (_, i) => `Person ${i},p${i}-${suffix()}@example.test`);
    const csv = ["name,email", ...good, `Broken,"broken@example.test`, "More,more@example.test"].join("\n");
    const err = await fails(importContacts(await ctxOf(t, "OWNER", "contacts:bulk"), streamOf(csv)));
    expect(err).toMatchObject({ code: "VALIDATION", details: { line: 1502 } });
    expect(err.message).toMatch(/ends inside a quoted value that starts on line 1502.*Nothing was imported/);
    expect(await count(t.org.id)).toBe(0);
    expect(
      await ownerDb().auditLog.count({
        where: { organizationId: t.org.id, action: "contact.imported" },
      }),
    ).toBe(0);
  });

  it("imports nothing when the bytes turn into garbage mid-way (not UTF-8)", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const head =
      "name,email\n" + Array.from({ length: 200 }, (_, i) => `Row ${i},r${i}@example.test`).join("\n") + "\n";
    const err = await fails(
      importContacts(
        await ctxOf(t, "OWNER", "contacts:bulk"),
        streamOf(head, new Uint8Array([0x4e, 0xff, 0xfe, 0x00, 0x81]), "\nLast,last@example.test\n"),
      ),
    );
    expect(err).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("isn't valid UTF-8") });
    expect(await count(t.org.id)).toBe(0);
  });

  it("imports nothing when the upload is interrupted", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const err = await fails(
      importContacts(
        await ctxOf(t, "OWNER", "contacts:bulk"),
        interruptedStream("name,email\nA,a@example.test\nB,b@example.test\n"),
      ),
    );
    expect(err).toMatchObject({ code: "VALIDATION", message: expect.stringContaining("interrupted") });
    expect(await count(t.org.id)).toBe(0);
  });

  it("rolls everything back when the database refuses a later batch", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    // 2,500 valid rows = three batches. A trigger (as the test's owner) fails the third batch, standing in for
    // anything that can go wrong half-way: the first two batches must not stay.
    const fn = `private.fail_import_${suffix()}`;
    await ownerDb()
      .$executeRawUnsafe(`create function ${fn}() returns trigger language plpgsql set search_path = '' as $$
      begin if new.name = 'Row 2100' and new.organization_id = '${t.org.id}' then raise exception 'disk full'; end if; return new; end $$`);
    await ownerDb().$executeRawUnsafe(
      `create trigger ${fn.replace("private.", "")} before insert on public.contacts for each row execute function ${fn}()`,
    );
    try {
      const csv = ["name", ...Array.from({ length: 2500 }, (_, i) => `Row ${i}`)].join("\n");
      const progress: ImportProgress[] = [];
      await expect(
        importContacts(ctx, streamOf(csv), { onProgress: (p) => progress.push(p) }),
      ).rejects.toBeTruthy();
      expect(progress.filter((p) => p.phase === "importing").map((p) => p.done)).toEqual([0, 1000, 2000]);
    } finally {
      await ownerDb().$executeRawUnsafe(`drop trigger ${fn.replace("private.", "")} on public.contacts`);
      await ownerDb().$executeRawUnsafe(`drop function ${fn}()`);
    }
    expect(await count(t.org.id)).toBe(0);
  });

  it("refuses files over the size or row limit, and files without a name column", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    const rows = ["name", ...Array.from({ length: 30 }, (_, i) => `R${i}`)].join("\n");
    expect(await fails(importContacts(ctx, streamOf(rows), { maxRows: 20 }))).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(await fails(importContacts(ctx, streamOf(rows), { maxBytes: 100 }))).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(await fails(importContacts(ctx, streamOf("email,phone\na@example.test,1\n")))).toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining('"name" column'),
    });
    expect(await fails(importContacts(ctx, streamOf("")))).toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("empty"),
    });
    expect(await count(t.org.id)).toBe(0);
  });

  it("reads semicolon-separated files and a BOM (spreadsheets in comma-decimal locales)", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const csv = "\uFEFFName;Email;Company\nJosé Núñez;jose@example.test;Casa, S.A.\n";
    const result = await importContacts(await ctxOf(t, "OWNER", "contacts:bulk"), streamOf(csv));
    expect(result).toMatchObject({ imported: 1, rejected: [] });
    expect(await ownerDb().contact.findFirst({ where: { organizationId: t.org.id } })).toMatchObject({
      name: "José Núñez",
      company: "Casa, S.A.",
    });
  });

  it("is for admins and owners only (contacts:bulk); the report is a CSV that spreadsheets can't execute", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    expect(await fails(ctxOf(t, "MEMBER", "contacts:bulk"))).toMatchObject({ code: "FORBIDDEN" });
    expect(
      toCsv([
        ["line", "reason"],
        [3, "Name is missing"],
        ['=HYPERLINK("x")', 'a "quoted", value'],
      ]),
    ).toBe('line,reason\r\n3,Name is missing\r\n"\'=HYPERLINK(""x"")","a ""quoted"", value"\r\n');
  });
});
