// private.begin_request reads memberships as a SECURITY DEFINER function, keyed on the claims it is given — so who
// may call it, and what it answers, is a protection of its own (decision 0031): the browser's role can't execute it;
// it answers a membership only where the caller's own read under RLS would (not another organization's, not a
// suspended account's, not an unaccepted invitation's); and it leaves the transaction narrowed to the organization.
import { describe, expect, it } from "vitest";
import { createUser, ownerDb, seedTenant } from "../support/factories";

const claimsOf = (id: string) => JSON.stringify({ sub: id, role: "authenticated" });

/** Calls begin_request as `role` in a transaction of its own; returns what it answered and the org setting after. */
async function beginAs(
  role: "postgres" | "authenticated" | "hearth_app",
  claims: string,
  organization: string,
) {
  return ownerDb().$transaction(async (tx) => {
    if (role !== "postgres") await tx.$executeRawUnsafe(`set local role ${role}`);
    const [row] = await tx.$queryRaw<Array<{ access: { member: { role: string } | null }; org: string }>>`
      select private.begin_request(${claims}, ${organization}, false, null, null, null, null, null) as access`;
    const [after] = await tx.$queryRaw<Array<{ org: string }>>`
      select current_setting('app.organization_id', true) as org`;
    return { member: row!.access.member, org: after!.org };
  });
}

describe("private.begin_request", () => {
  it("can't be executed by the browser's role", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    await expect(beginAs("authenticated", claimsOf(t.users.OWNER!.id), t.org.slug)).rejects.toThrow(
      /permission denied/,
    );
    // The app's role can (its tenant transactions send it).
    await expect(beginAs("hearth_app", claimsOf(t.users.OWNER!.id), t.org.slug)).resolves.toMatchObject({
      member: { role: "OWNER" },
      org: t.org.id,
    });
  });

  it("answers only the claims' own accepted, unsuspended memberships", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const other = await seedTenant({ roles: ["OWNER"] });
    const member = t.users.MEMBER!;
    // Another organization's slug or id: nothing, and the transaction stays narrowed to none.
    for (const org of [other.org.slug, other.org.id]) {
      expect(await beginAs("hearth_app", claimsOf(member.id), org)).toEqual({ member: null, org: "" });
    }
    // By id as by slug (any case).
    expect((await beginAs("hearth_app", claimsOf(member.id), t.org.id)).member).toMatchObject({
      role: "MEMBER",
    });
    expect((await beginAs("hearth_app", claimsOf(member.id), t.org.slug.toUpperCase())).member).toMatchObject(
      {
        role: "MEMBER",
      },
    );
    // An invitation not yet accepted is not a membership.
    const invited = await createUser();
    await ownerDb().organizationMember.create({
      data: { organizationId: t.org.id, userId: invited.id, role: "ADMIN", acceptedAt: null },
    });
    expect((await beginAs("hearth_app", claimsOf(invited.id), t.org.slug)).member).toBeNull();
    // A suspended account is a member of nothing.
    await ownerDb().user.update({ where: { id: member.id }, data: { globalRole: "SUSPENDED" } });
    expect((await beginAs("hearth_app", claimsOf(member.id), t.org.slug)).member).toBeNull();
    // Claims without a subject: nothing.
    expect(
      (await beginAs("hearth_app", JSON.stringify({ role: "authenticated" }), t.org.slug)).member,
    ).toBeNull();
  });

  it("gives a page's frame every organization of the caller, and only theirs", async () => {
    const a = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const b = await seedTenant({ roles: ["OWNER"] });
    const stranger = await seedTenant({ roles: ["OWNER"] });
    const member = a.users.MEMBER!;
    await ownerDb().organizationMember.create({
      data: { organizationId: b.org.id, userId: member.id, role: "VIEWER", acceptedAt: new Date() },
    });
    const frame = await ownerDb().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("set local role hearth_app");
      const [row] = await tx.$queryRaw<
        Array<{ access: { shell: { organizations: Array<{ slug: string }> } } }>
      >`
        select private.begin_request(${claimsOf(member.id)}, ${a.org.slug}, true, null, null, null, null, null) as access`;
      return row!.access.shell;
    });
    // The switcher lists both of the member's organizations (it once listed only the one requested).
    expect(frame.organizations.map((o) => o.slug).sort()).toEqual([a.org.slug, b.org.slug].sort());
    expect(frame.organizations.map((o) => o.slug)).not.toContain(stranger.org.slug);
  });
});
