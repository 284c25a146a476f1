// The import's column mapping and duplicate policy, through the real service and route: the server applies the
// mapping it is given only after checking it against the file's header (never trusting it); errors name the file's
// own column; rows matching an existing contact by email or phone (normalized) are skipped, updated (only the
// columns that have a value, each update audited with what changed) or created; a row the database refuses rolls
// the whole import back; the mapping is remembered for the organization when the import commits.
import { describe, expect, it } from "vitest";
import { importContactsRoute } from "@/lib/modules/crm/routes/import";
import { headerKey, importContacts } from "@/lib/modules/crm/services/import";
import type { ColumnMapping } from "@/lib/modules/crm/import-mapping";
import { asCurrentUser, ownerDb, suffix } from "../../support/factories";
import { crmTenant, ctxOf, fails, streamOf } from "./support";

const contactsOf = (orgId: string) =>
  ownerDb().contact.findMany({ where: { organizationId: orgId }, orderBy: { name: "asc" } });

describe("import mapping", () => {
  it("applies the given mapping, names the file's own column in errors, and remembers the mapping", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    const s = suffix();
    const csv = [
      "First Name,Last Name,E-mail Address,Mobile,Tags,Lead Source",
      `Ada,Lovelace,ada-${s}@example.test,+44 20 7946 0000,vip,Zillow`,
      `Grace,,grace-${s}@example.test,,,`,
      `Bad,Email,not-an-email,,,`,
      `,,nobody-${s}@example.test,,,`,
    ].join("\n");
    const fields: ColumnMapping = ["first_name", "last_name", "email", "phone", "", "source"];
    const result = await importContacts(ctx, streamOf(csv), { mapping: fields, duplicates: "skip" });
    expect(result).toMatchObject({ created: 2, updated: 0, skipped: 0, ignoredColumns: ["Tags"] });
    expect(result.rejected.map((r) => [r.line, r.column, r.reason])).toEqual([
      [4, "E-mail Address", "E-mail Address: Enter a valid email address"],
      [5, "First Name", "First Name: Name is missing"],
    ]);
    expect(await contactsOf(t.org.id)).toMatchObject([
      { name: "Ada Lovelace", email: `ada-${s}@example.test`, phone: "+44 20 7946 0000", source: "Zillow" },
      { name: "Grace", email: `grace-${s}@example.test`, phone: null },
    ]);

    const remembered = await ownerDb().contactImportMapping.findMany({ where: { organizationId: t.org.id } });
    expect(remembered).toMatchObject([
      {
        headerKey: headerKey(["first name", "LAST NAME", "E-mail Address", "Mobile", "Tags", "Lead Source"]),
        fields,
        duplicates: "skip",
        updatedBy: t.users.OWNER!.id,
      },
    ]);
    const audit = await ownerDb().auditLog.findFirstOrThrow({
      where: { organizationId: t.org.id, action: "contact.imported" },
    });
    expect(audit.newValues).toMatchObject({
      created: 2,
      rejected: 2,
      mapping: { "First Name": "first_name", "E-mail Address": "email", "Lead Source": "source" },
    });
  });

  it("checks the mapping against the header instead of trusting it, and imports nothing when it is wrong", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
    const csv = "Full Name,Email\nAda,ada@example.test\n";
    const bad = async (mapping: string[], message: RegExp) =>
      expect(
        await fails(importContacts(ctx, streamOf(csv), { mapping: mapping as ColumnMapping })),
      ).toMatchObject({ code: "VALIDATION", message: expect.stringMatching(message) });
    await bad(["name"], /mapping has 1 columns but the file's header has 2/);
    await bad(["name", "organization_id"], /“organization_id” isn't a contact field/);
    await bad(["email", "email"], /“Full Name” and “Email” both fill Email/);
    await bad(["", "email"], /Map a column to Name/);
    const wide = ["Name", ...Array.from({ length: 500 }, (_, i) => `Extra ${i}`)];
    expect(await fails(importContacts(ctx, streamOf(`${wide.join(",")}\nAda\n`)))).toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("The file has 501 columns; up to 500"),
    });
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(0);
    expect(await ownerDb().contactImportMapping.count({ where: { organizationId: t.org.id } })).toBe(0);

    // Through the route: the query string is validated too, and a bad mapping ends the stream with an error line.
    const post = (query: string) =>
      importContactsRoute.as(asCurrentUser(t.users.OWNER!))(
        new Request(`http://app.test/api/organizations/${t.org.slug}/contacts/import?${query}`, {
          method: "POST",
          headers: { host: "app.test", origin: "http://app.test", "content-type": "text/csv" },
          body: csv,
        }),
        { params: Promise.resolve({ org: t.org.slug }) },
      );
    const refused = await post("duplicates=merge");
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.code).toBe("VALIDATION");
    const lines = (await (await post("columns=name,assigned_to")).text()).trim().split("\n");
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      type: "error",
      error: { code: "VALIDATION", message: expect.stringContaining("isn't a contact field") },
    });
    const ok = (await (await post("columns=name,email&duplicates=update")).text()).trim().split("\n");
    expect(JSON.parse(ok.at(-1)!)).toMatchObject({ type: "done", created: 1, duplicates: "update" });
    expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(1);
  });

  describe("rows matching an existing contact by email or phone", () => {
    async function setup() {
      const t = await crmTenant({ roles: ["OWNER"] });
      const s = suffix();
      const db = ownerDb();
      const byEmail = await db.contact.create({
        data: {
          organizationId: t.org.id,
          name: "Eve Existing",
          email: `eve-${s}@example.test`,
          phone: "+1 555 000 1111",
          status: "CLIENT",
        },
      });
      const byPhone = await db.contact.create({
        data: { organizationId: t.org.id, name: "Phil Phone", phone: "+1 (555) 010-0199", company: "Old Co" },
      });
      const csv = [
        "Name,Email,Phone,Company,Status",
        `Eve E.,EVE-${s}@Example.test,,New Co,`, // email matches (case-insensitive); empty cells erase nothing
        `Phil,phil-${s}@example.test,555.010.0199,,`, // phone matches (normalized digits)
        `Nina New,nina-${s}@example.test,555 999 0000,,prospect`,
      ].join("\n");
      const ctx = await ctxOf(t, "OWNER", "contacts:bulk");
      return { t, s, byEmail, byPhone, csv, ctx };
    }

    it("skip: creates only the new row and leaves the matches alone", async () => {
      const { t, byEmail, byPhone, csv, ctx } = await setup();
      const result = await importContacts(ctx, streamOf(csv), { duplicates: "skip" });
      expect(result).toMatchObject({ created: 1, updated: 0, skipped: 2, rejected: [] });
      const rows = await contactsOf(t.org.id);
      expect(rows.map((r) => r.name)).toEqual(["Eve Existing", "Nina New", "Phil Phone"]);
      expect(rows.find((r) => r.id === byEmail.id)).toMatchObject({ company: null, version: 1 });
      expect(rows.find((r) => r.id === byPhone.id)).toMatchObject({ email: null, version: 1 });
    });

    it("update: fills the mapped columns that have a value, bumps the version and audits what changed", async () => {
      const { t, s, byEmail, byPhone, csv, ctx } = await setup();
      const result = await importContacts(ctx, streamOf(csv), { duplicates: "update" });
      expect(result).toMatchObject({ created: 1, updated: 2, skipped: 0, rejected: [] });
      const eve = await ownerDb().contact.findUniqueOrThrow({ where: { id: byEmail.id } });
      expect(eve).toMatchObject({
        name: "Eve E.",
        company: "New Co",
        phone: "+1 555 000 1111", // empty cell: kept
        status: "CLIENT", // empty status is not "Lead" for an update
        version: 2,
      });
      const phil = await ownerDb().contact.findUniqueOrThrow({ where: { id: byPhone.id } });
      expect(phil).toMatchObject({
        name: "Phil",
        email: `phil-${s}@example.test`,
        company: "Old Co",
        version: 2,
      });

      const entries = await ownerDb().auditLog.findMany({
        where: { organizationId: t.org.id, action: "contact.updated" },
      });
      const byId = Object.fromEntries(entries.map((e) => [e.entityId, [e.oldValues, e.newValues]]));
      expect(byId).toEqual({
        [byEmail.id]: [
          { name: "Eve Existing", company: null },
          { name: "Eve E.", company: "New Co" },
        ],
        // The phone is the same number written differently: not a change.
        [byPhone.id]: [
          { name: "Phil Phone", email: null },
          { name: "Phil", email: `phil-${s}@example.test` },
        ],
      });

      // The same file again: everything matches and nothing differs — skipped, no new entries.
      const again = await importContacts(ctx, streamOf(csv), { duplicates: "update" });
      expect(again).toMatchObject({ created: 0, updated: 0, skipped: 3 });
      expect(
        await ownerDb().auditLog.count({ where: { organizationId: t.org.id, action: "contact.updated" } }),
      ).toBe(2);
    });

    it("create: a matching email is a rejected row (emails are unique), a matching phone a new contact", async () => {
      const { t, csv, ctx } = await setup();
      const result = await importContacts(ctx, streamOf(csv), { duplicates: "create" });
      expect(result).toMatchObject({ created: 2, updated: 0, skipped: 0 });
      expect(result.rejected.map((r) => [r.line, r.column, r.reason])).toEqual([
        [2, "Email", "A contact with this email already exists in your organization"],
      ]);
      expect((await contactsOf(t.org.id)).map((r) => r.name)).toEqual([
        "Eve Existing",
        "Nina New",
        "Phil",
        "Phil Phone",
      ]);
    });

    it("two rows matching the same contact: the second is rejected rather than overwriting the first", async () => {
      const { t, byPhone, ctx } = await setup();
      const csv = "Name,Phone\nFirst Phil,5550100199\nSecond Phil,+1 555 010 0199\n";
      const result = await importContacts(ctx, streamOf(csv), { duplicates: "update" });
      expect(result).toMatchObject({ updated: 1, created: 0 });
      expect(result.rejected).toMatchObject([
        { line: 3, reason: "Matches the same contact as line 2 of this file" },
      ]);
      expect(await ownerDb().contact.findUniqueOrThrow({ where: { id: byPhone.id } })).toMatchObject({
        name: "First Phil",
      });
      expect(await ownerDb().contact.count({ where: { organizationId: t.org.id } })).toBe(2);
    });

    it("all-or-nothing: a row the database refuses rolls back the created and updated rows and the mapping", async () => {
      const { t, byEmail, csv, ctx } = await setup();
      const fn = `private.fail_update_${suffix()}`;
      await ownerDb()
        .$executeRawUnsafe(`create function ${fn}() returns trigger language plpgsql set search_path = '' as $$
        begin if new.id = '${byEmail.id}' then raise exception 'refused'; end if; return new; end $$`);
      const trigger = fn.replace("private.", "");
      await ownerDb().$executeRawUnsafe(
        `create trigger ${trigger} before update on public.contacts for each row execute function ${fn}()`,
      );
      try {
        await expect(importContacts(ctx, streamOf(csv), { duplicates: "update" })).rejects.toBeTruthy();
      } finally {
        await ownerDb().$executeRawUnsafe(`drop trigger ${trigger} on public.contacts`);
        await ownerDb().$executeRawUnsafe(`drop function ${fn}()`);
      }
      const rows = await contactsOf(t.org.id);
      expect(rows.map((r) => [r.name, r.version])).toEqual([
        ["Eve Existing", 1],
        ["Phil Phone", 1],
      ]);
      const db = ownerDb();
      expect(
        await db.auditLog.count({ where: { organizationId: t.org.id, action: { startsWith: "contact." } } }),
      ).toBe(0);
      expect(await db.contactImportMapping.count({ where: { organizationId: t.org.id } })).toBe(0);
    });
  });
});
