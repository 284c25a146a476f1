// The contacts list's total comes from private.contact_count(), a security-definer helper that counts as its
// owner (no per-row RLS check). It must count what RLS would: the list's own filters, only the organization asked
// about, and nothing for a caller who may not read that organization's contacts.
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthContext } from "@/lib/auth/authorize";
import { Prisma } from "@/lib/database/generated/prisma/client";
import { withTenantContext, type TenantIdentity } from "@/lib/database/tenant";
import { contactFilterConditions, listContacts } from "@/lib/modules/crm/queries/contact-list";
import { contactFilterSchema } from "@/lib/modules/crm/schemas";
import { addMember, createUser, ownerDb, suffix, type TestTenant } from "../support/factories";
import { crmTenant, ctxOf, seedContacts } from "../integration/crm/support";

let a: TestTenant;
let b: TestTenant;
let ctx: AuthContext;
let tagId: string;

beforeAll(async () => {
  a = await crmTenant({ roles: ["OWNER", "MEMBER"] });
  b = await crmTenant({ roles: ["OWNER"] });
  ctx = await ctxOf(a, "MEMBER", "contacts:read");
  await seedContacts(a.org.id, 60, {
    prefix: `Cnt${suffix()}`,
    followUps: true,
    assignedTo: a.users.MEMBER!.id,
  });
  await seedContacts(a.org.id, 30, { prefix: `Cnt${suffix()}`, followUps: true });
  // A tag on some of A's contacts (a tag narrows the list; its total is counted under RLS).
  tagId = (await ownerDb().tag.create({ data: { organizationId: a.org.id, name: `Tag ${suffix()}` } })).id;
  await ownerDb().$executeRaw`
    insert into public.contact_tags (organization_id, contact_id, tag_id)
    select organization_id, id, ${tagId}::uuid from public.contacts
     where organization_id = ${a.org.id}::uuid and (name like '%0' or name like '%3')`;
  await seedContacts(b.org.id, 45, {
    prefix: `Cnt${suffix()}`,
    followUps: true,
    assignedTo: b.users.OWNER!.id,
  });
});

/** The helper called directly, in a tenant context of the given identity. */
const count = (identity: TenantIdentity & { organization: { id: string } }, orgId: string) =>
  withTenantContext(identity, async (tx) => {
    const rows = await tx.$queryRaw<Array<{ n: number }>>`
      select private.contact_count(${orgId}::uuid, null, null, false, null, null) as n`;
    return rows[0]!.n;
  });

describe("private.contact_count", () => {
  it("equals count(*) under RLS with the list's own conditions, for every filter", async () => {
    const filters: Array<Record<string, string>> = [
      {},
      { q: "contact 00001" },
      { q: "5550" },
      { q: "nobody" },
      { status: "LEAD" },
      { assignee: "me" },
      { assignee: "none" },
      { assignee: a.users.OWNER!.id },
      { followUp: "due" },
      { followUp: "week" },
      { followUp: "none" },
      { status: "CLIENT", assignee: "me", followUp: "none" },
      { q: "company 1", assignee: "none", followUp: "due" },
      { tag: tagId },
      { tag: tagId, status: "LEAD" },
    ];
    for (const params of filters) {
      const filter = contactFilterSchema.parse(params);
      const underRls = await withTenantContext(ctx, async (tx) => {
        const rows = await tx.$queryRaw<Array<{ n: number }>>`
          select count(*)::int as n from public.contacts c
           where ${Prisma.join(contactFilterConditions(ctx, filter), " and ")}`;
        return rows[0]!.n;
      });
      const { total } = await listContacts(ctx, params);
      expect(total, JSON.stringify(params)).toBe(underRls);
    }
    expect((await listContacts(ctx, {})).total).toBe(90);
  });

  it("never counts another organization's contacts", async () => {
    // A member of A asks about B, in A's tenant context and with no organization pinned.
    expect(await count(ctx, b.org.id)).toBe(0);
    expect(await count({ user: ctx.user, organization: { id: b.org.id } }, b.org.id)).toBe(0);
    expect(await count(ctx, a.org.id)).toBe(90);
  });

  it("counts nothing for a non-member, an unaccepted invitation, or a user the plan no longer serves", async () => {
    const stranger = await createUser();
    expect(await count({ user: stranger, organization: { id: a.org.id } }, a.org.id)).toBe(0);
    const invited = await createUser();
    await addMember(a, invited, "MEMBER", false);
    expect(await count({ user: invited, organization: { id: a.org.id } }, a.org.id)).toBe(0);
    // The owner of B, once B's plan lapses to one without the CRM.
    const c = await crmTenant({ roles: ["OWNER"] });
    await seedContacts(c.org.id, 5, { prefix: `Cnt${suffix()}` });
    const owner = { user: c.users.OWNER!, organization: { id: c.org.id } };
    expect(await count(owner, c.org.id)).toBe(5);
    await ownerDb().subscription.update({
      where: { organizationId: c.org.id },
      data: { status: "CANCELED" },
    });
    expect(await count(owner, c.org.id)).toBe(0);
  });

  it("is not callable by the browser's role", async () => {
    const denied = await ownerDb()
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe("set local role authenticated");
        await tx.$queryRaw`select private.contact_count(${a.org.id}::uuid, null, null, false, null, null)`;
      })
      .then(
        () => null,
        (e: Error) => e.message,
      );
    expect(denied).toMatch(/permission denied/);
  });
});
