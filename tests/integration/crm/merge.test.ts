// Merging two contacts: the kept contact takes the value chosen per field, every row that references the removed
// contact moves to it (deals, tags, loop participations — and a table the merge has never heard of, found in the
// catalog), copies that would clash are dropped once, the removed contact goes, and one audit entry names both.
// Refused across organizations, with itself, for a viewer, and when either contact changed since it was shown —
// by the app and by the database function itself.
import { afterAll, describe, expect, it } from "vitest";
import { withTenantContext } from "@/lib/database/tenant";
import { findDuplicates } from "@/lib/modules/crm/queries/duplicates";
import { dismissDuplicate } from "@/lib/modules/crm/services/duplicates";
import { mergeContacts } from "@/lib/modules/crm/services/merge";
import { ownerDb, suffix } from "../../support/factories";
import { crmTenant, ctxOf, fails } from "./support";
import { referencingRows, seedMergePair } from "./merge-support";

const probeSchema = `merge_probe_${suffix()}`;
afterAll(async () => {
  await ownerDb().$executeRawUnsafe(`drop schema if exists ${probeSchema} cascade`);
});

describe("merge contacts", () => {
  it("keeps the chosen values, moves every referencing row, drops clashing copies once, and writes one entry", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER"] });
    const p = await seedMergePair(t);
    const before = await referencingRows([p.keep, p.remove]);
    const keep = before.contacts.find((c) => c.id === p.keep)!;
    const remove = before.contacts.find((c) => c.id === p.remove)!;
    const ctx = await ctxOf(t, "MEMBER");
    const res = await mergeContacts(ctx, {
      organization: t.org.slug,
      keepId: p.keep,
      removeId: p.remove,
      keepVersion: 1,
      removeVersion: 1,
      fields: { email: "remove", company: "remove", status: "remove", notes: "keep", name: "keep" },
    });
    expect(res.id).toBe(p.keep);

    const after = await referencingRows([p.keep, p.remove]);
    expect(after.contacts).toHaveLength(1);
    expect(after.contacts[0]).toMatchObject({
      id: p.keep,
      name: keep.name,
      email: remove.email,
      phone: keep.phone,
      company: "Brown & Co",
      status: "CLIENT",
      source: keep.source,
      notes: keep.notes,
      version: 2,
    });
    // Every deal of both, now the kept contact's.
    expect(after.deals.map((d) => d.id).sort()).toEqual([...p.keepDeals, ...p.removeDeals].sort());
    expect(after.deals.every((d) => d.contactId === p.keep)).toBe(true);
    // Tags: the union, the shared one once.
    expect(after.tags.map((r) => r.tagId).sort()).toEqual(
      [p.tags.shared, p.tags.keepOnly, p.tags.removeOnly].sort(),
    );
    expect(after.tags.every((r) => r.contactId === p.keep)).toBe(true);
    // Loops: all three, the shared one (same role) once.
    expect(after.participants.map((r) => r.loopId).sort()).toEqual(
      [p.loops.shared, p.loops.keepOnly, p.loops.removeOnly].sort(),
    );
    expect(after.participants.every((r) => r.contactId === p.keep)).toBe(true);
    // The removed contact's dismissal has nothing left to say.
    expect(after.dismissals).toEqual([]);
    expect(res.moved).toMatchObject({
      "public.deals.contact_id": { moved: 2, dropped: 0 },
      "public.contact_tags.contact_id": { moved: 1, dropped: 1 },
      "public.loop_participants.contact_id": { moved: 1, dropped: 1 },
    });

    const entries = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: { startsWith: "contact." } },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      userId: t.users.MEMBER!.id,
      action: "contact.merged",
      entityType: "contact",
      entityId: p.keep,
      audience: "team",
      oldValues: {
        kept: { name: keep.name, email: keep.email },
        removed: { id: p.remove, name: remove.name },
      },
      newValues: {
        name: keep.name,
        removedId: p.remove,
        removedName: remove.name,
        fieldsFromRemoved: ["email", "company", "status"],
      },
    });
  });

  it("moves rows of a table that references contacts and that the merge has never heard of", async () => {
    const t = await crmTenant({ roles: ["OWNER"] });
    const p = await seedMergePair(t);
    const db = ownerDb();
    await db.$executeRawUnsafe(`create schema ${probeSchema}`);
    await db.$executeRawUnsafe(`create table ${probeSchema}.call_notes (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null,
      contact_id uuid not null,
      body text not null,
      foreign key (organization_id, contact_id) references public.contacts (organization_id, id) on delete cascade)`);
    await db.$executeRawUnsafe(
      `insert into ${probeSchema}.call_notes (organization_id, contact_id, body) values ($1, $2, 'keep'), ($1, $3, 'remove'), ($1, $3, 'remove 2')`,
      t.org.id,
      p.keep,
      p.remove,
    );
    const res = await mergeContacts(await ctxOf(t, "OWNER"), {
      organization: t.org.slug,
      keepId: p.keep,
      removeId: p.remove,
      keepVersion: 1,
      removeVersion: 1,
    });
    expect(res.moved[`${probeSchema}.call_notes.contact_id`]).toEqual({ moved: 2, dropped: 0 });
    const notes = await db.$queryRawUnsafe<Array<{ contact_id: string }>>(
      `select contact_id::text from ${probeSchema}.call_notes`,
    );
    expect(notes.map((n) => n.contact_id)).toEqual([p.keep, p.keep, p.keep]);
  });

  it("refuses a contact of another organization, the same contact twice, a viewer, and stale versions — changing nothing", async () => {
    const a = await crmTenant({ roles: ["OWNER", "VIEWER"] });
    const b = await crmTenant({ roles: ["OWNER"] });
    const pa = await seedMergePair(a);
    const pb = await seedMergePair(b);
    const before = await referencingRows([pa.keep, pa.remove, pb.keep, pb.remove]);
    const owner = await ctxOf(a, "OWNER");
    const base = { organization: a.org.slug, keepVersion: 1, removeVersion: 1 };

    const crossOrg = await fails(mergeContacts(owner, { ...base, keepId: pa.keep, removeId: pb.remove }));
    expect(crossOrg.code).toBe("NOT_FOUND");
    await expect(mergeContacts(owner, { ...base, keepId: pa.keep, removeId: pa.keep })).rejects.toThrow(
      /two different contacts/,
    );
    const stale = await fails(
      mergeContacts(owner, { ...base, keepId: pa.keep, removeId: pa.remove, removeVersion: 2 }),
    );
    expect(stale.code).toBe("CONFLICT");
    // A viewer can't even get a context that may write contacts.
    await expect(ctxOf(a, "VIEWER")).rejects.toMatchObject({ code: "FORBIDDEN" });

    // The database function refuses on its own: another organization's contact, itself, a viewer.
    const call = (ctx: Parameters<typeof withTenantContext>[0], org: string, keep: string, remove: string) =>
      withTenantContext(
        ctx,
        (tx) => tx.$queryRaw`select private.merge_contacts(${org}::uuid, ${keep}::uuid, ${remove}::uuid)`,
      )
        .then(() => "merged")
        .catch((e: Error) => String(e.message) + String((e.cause as Error | undefined)?.message ?? ""));
    expect(await call(owner, a.org.id, pa.keep, pb.remove)).toMatch(/both contacts must exist/);
    expect(await call(owner, b.org.id, pb.keep, pb.remove)).toMatch(/needs contacts:write/);
    expect(await call(owner, a.org.id, pa.keep, pa.keep)).toMatch(/merged with itself/);
    const viewer = await ctxOf(a, "VIEWER", "contacts:read");
    expect(await call(viewer, a.org.id, pa.keep, pa.remove)).toMatch(/needs contacts:write/);

    expect(await referencingRows([pa.keep, pa.remove, pb.keep, pb.remove])).toEqual(before);
    expect(
      await ownerDb().auditLog.count({
        where: { organizationId: { in: [a.org.id, b.org.id] }, action: "contact.merged" },
      }),
    ).toBe(0);
  });
});

describe("likely duplicates", () => {
  it("pairs contacts by email, phone or name, never across organizations, and remembers 'not a duplicate'", async () => {
    const t = await crmTenant({ roles: ["OWNER", "MEMBER", "VIEWER"] });
    const other = await crmTenant({ roles: ["OWNER"] });
    const db = ownerDb();
    const s = suffix();
    const mk = (orgId: string, name: string, email: string | null, phone: string | null) =>
      db.contact.create({ data: { organizationId: orgId, name, email, phone }, select: { id: true } });
    const zoe1 = await mk(t.org.id, `Zoe Haddad ${s}`, null, null);
    const zoe2 = await mk(t.org.id, `  zoe  haddad ${s}.`, null, null);
    const ph1 = await mk(t.org.id, `Pat ${s}`, null, "+1 (555) 301-4455");
    const ph2 = await mk(t.org.id, `Patricia ${s}`, null, "555.301.4455");
    const em1 = await mk(t.org.id, `Sam ${s}`, `sam.${s}+work@example.test`, null);
    const em2 = await mk(t.org.id, `Samuel ${s}`, `sam.${s}@example.test`, null);
    await mk(t.org.id, `Unique person ${s}`, `unique-${s}@example.test`, "555 999 0000");
    // Similar names: accents aside; a first name that starts the other's under one last name; a middle name.
    const jose1 = await mk(t.org.id, `José Álvarez${s}`, null, null);
    const jose2 = await mk(t.org.id, `jose alvarez${s}`, null, null);
    const jon1 = await mk(t.org.id, `Jon Parker${s}`, null, null);
    const jon2 = await mk(t.org.id, `Jonathan Parker${s}`, null, null);
    const kim1 = await mk(t.org.id, `Kim Lee${s}`, null, null);
    const kim2 = await mk(t.org.id, `Kim A. Lee${s}`, null, null);
    // Not similar: a first name under three letters, another last name.
    await mk(t.org.id, `Al Parker${s}`, null, null);
    await mk(t.org.id, `Jonathan Other${s}`, null, null);
    await mk(other.org.id, `Zoe Haddad ${s}`, `sam.${s}@example.test`, "555 301 4455");

    const viewer = await ctxOf(t, "VIEWER", "contacts:read");
    const pairs = await findDuplicates(viewer);
    const key = (x: string, y: string) => [x, y].sort().join("|");
    const found = new Map(pairs.map((p) => [key(p.a.id, p.b.id), p.reasons]));
    expect(found.get(key(zoe1.id, zoe2.id))).toEqual(["name"]);
    // "Pat …" / "Patricia …" and "Sam …" / "Samuel …" share a last word (the suffix): similar names as well.
    expect(found.get(key(ph1.id, ph2.id))).toEqual(["phone", "name"]);
    expect(found.get(key(em1.id, em2.id))).toEqual(["email", "name"]);
    expect(found.get(key(jose1.id, jose2.id))).toEqual(["name"]);
    expect(found.get(key(jon1.id, jon2.id))).toEqual(["name"]);
    expect(found.get(key(kim1.id, kim2.id))).toEqual(["name"]);
    expect(found.size).toBe(6);
    expect(pairs.every((p) => p.a.id < p.b.id)).toBe(true);

    // Viewers can't dismiss; a member can, and the pair stays hidden.
    await expect(ctxOf(t, "VIEWER")).rejects.toMatchObject({ code: "FORBIDDEN" });
    const member = await ctxOf(t, "MEMBER");
    await dismissDuplicate(member, { organization: t.org.slug, a: zoe2.id, b: zoe1.id });
    await dismissDuplicate(member, { organization: t.org.slug, a: zoe1.id, b: zoe2.id });
    const again = await findDuplicates(member);
    expect(again.map((p) => key(p.a.id, p.b.id)).sort()).toEqual(
      [
        key(ph1.id, ph2.id),
        key(em1.id, em2.id),
        key(jose1.id, jose2.id),
        key(jon1.id, jon2.id),
        key(kim1.id, kim2.id),
      ].sort(),
    );
    expect(
      await db.auditLog.count({ where: { organizationId: t.org.id, action: "contact.duplicate_dismissed" } }),
    ).toBe(1);
    // A contact of another organization can't be dismissed against ours.
    const foreign = await db.contact.findFirstOrThrow({ where: { organizationId: other.org.id } });
    await expect(
      dismissDuplicate(member, { organization: t.org.slug, a: em1.id, b: foreign.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
