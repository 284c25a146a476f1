// Organizations: onboarding, invitations (with every refusal), roles with the one-owner rule, plans.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authorizeUser } from "@/lib/auth/authorize";
import { type AppError } from "@/lib/errors";
import { findInvitation, listMembers } from "@/lib/modules/organizations";
import { acceptInvitation } from "@/lib/modules/organizations/services/invitations";
import { changeMemberRole, inviteMember, removeMember } from "@/lib/modules/organizations/services/members";
import { createOrganization } from "@/lib/modules/organizations/services/onboarding";
import { changePlan } from "@/lib/modules/organizations/services/organization";
import { asCurrentUser, createUser, ownerDb, seedTenant, suffix } from "../../support/factories";

const BASE = "http://app.test";
const ctxFor = (
  user: Parameters<typeof asCurrentUser>[0],
  org: string,
  permission: Parameters<typeof authorizeUser>[1]["permission"] = "members:manage",
) => authorizeUser(asCurrentUser(user), { organization: org, permission });
const tokenOf = (link: string) => link.split("/invite/")[1]!;
const fails = async (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: AppError) => e,
  );

describe("onboarding", () => {
  it("creates the organization, a trial subscription, the owner membership and an audit entry", async () => {
    const user = await createUser();
    const slug = `acme-${suffix()}`;
    const org = await createOrganization(asCurrentUser(user), { name: "Acme Homes", slug, tier: "GROWTH" });
    const db = ownerDb();
    expect(await db.subscription.findUnique({ where: { organizationId: org.id } })).toMatchObject({
      tier: "GROWTH",
      status: "TRIALING",
    });
    expect(await db.organizationMember.findFirst({ where: { organizationId: org.id } })).toMatchObject({
      userId: user.id,
      role: "OWNER",
    });
    expect(
      await db.auditLog.count({
        where: { organizationId: org.id, action: "organization.created" },
      }),
    ).toBe(1);
    const taken = await fails(createOrganization(asCurrentUser(await createUser()), { name: "Other", slug }));
    expect(taken).toMatchObject({
      code: "CONFLICT",
      fieldErrors: { slug: [expect.stringContaining("taken")] },
    });
  });
});

describe("invitations", () => {
  it("invites by email, writes the link to the outbox, and the invitee joins with the invited role", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const invitee = await createUser();
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    const invite = await inviteMember(
      ctx,
      { organization: t.org.slug, email: invitee.email.toUpperCase(), role: "VIEWER" },
      BASE,
    );
    expect(invite.link).toMatch(/^http:\/\/app\.test\/invite\/[\w-]{40,}$/);
    expect(invite.emailed).toBe(true);
    const outbox = process.env.MAIL_OUTBOX_DIR!;
    const mails = readdirSync(outbox).filter((f) => f.includes(invitee.email));
    expect(mails.length).toBe(1);
    expect(JSON.parse(readFileSync(path.join(outbox, mails[0]!), "utf8"))).toMatchObject({
      to: invitee.email,
      link: invite.link,
    });

    // Only the hash is stored.
    const row = await ownerDb().invitation.findUniqueOrThrow({ where: { id: invite.invitationId } });
    expect(row.tokenHash).not.toContain(tokenOf(invite.link));
    expect((await findInvitation(tokenOf(invite.link)))?.state).toBe("pending");

    const joined = await acceptInvitation(asCurrentUser(invitee), tokenOf(invite.link));
    expect(joined).toMatchObject({ organization: { id: t.org.id }, role: "VIEWER" });
    const m = await ownerDb().organizationMember.findFirstOrThrow({
      where: { organizationId: t.org.id, userId: invitee.id },
    });
    expect(m.role).toBe("VIEWER");
    expect(m.acceptedAt).toBeInstanceOf(Date);
    await expect(
      authorizeUser(asCurrentUser(invitee), {
        organization: t.org.slug,
        permission: "organization:read",
      }),
    ).resolves.toMatchObject({ role: "VIEWER" });
  });

  it("refuses used, expired, withdrawn, wrong-email and unknown invitations with clear errors", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    const invitee = await createUser();
    const stranger = await createUser();

    const inv = await inviteMember(
      ctx,
      { organization: t.org.slug, email: invitee.email, role: "MEMBER" },
      BASE,
    );
    const wrong = await fails(acceptInvitation(asCurrentUser(stranger), tokenOf(inv.link)));
    expect(wrong).toMatchObject({ code: "FORBIDDEN" });
    expect(wrong.message).toContain(invitee.email);

    await acceptInvitation(asCurrentUser(invitee), tokenOf(inv.link));
    expect(await fails(acceptInvitation(asCurrentUser(invitee), tokenOf(inv.link)))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("already been used"),
    });

    const late = await createUser();
    const expiring = await inviteMember(
      ctx,
      { organization: t.org.slug, email: late.email, role: "MEMBER" },
      BASE,
    );
    await ownerDb().invitation.update({
      where: { id: expiring.invitationId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await fails(acceptInvitation(asCurrentUser(late), tokenOf(expiring.link)))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("expired"),
    });

    // An expired invitation isn't "replaced"; a pending one is, and the result says so.
    const replaced = await inviteMember(
      ctx,
      { organization: t.org.slug, email: late.email, role: "MEMBER" },
      BASE,
    );
    expect(replaced.replaced).toBe(false);
    const again = await inviteMember(
      ctx,
      { organization: t.org.slug, email: late.email, role: "ADMIN" },
      BASE,
    );
    expect(again.replaced).toBe(true);
    expect(await fails(acceptInvitation(asCurrentUser(late), tokenOf(replaced.link)))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("withdrawn"),
    });

    expect(await fails(acceptInvitation(asCurrentUser(late), "x".repeat(43)))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await findInvitation("nope")).toBeNull();
  });

  it("refuses inviting an existing member and enforces the plan's seats", async () => {
    const t = await seedTenant({ tier: "FREE", roles: ["OWNER", "MEMBER"] });
    const ctx = await ctxFor(t.users.OWNER!, t.org.slug);
    expect(
      await fails(
        inviteMember(ctx, { organization: t.org.slug, email: t.users.MEMBER!.email, role: "MEMBER" }, BASE),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect(
      await fails(
        inviteMember(
          ctx,
          { organization: t.org.slug, email: `new-${suffix()}@example.test`, role: "MEMBER" },
          BASE,
        ),
      ),
    ).toMatchObject({ code: "UPGRADE_REQUIRED" });
  });
});

describe("roles and removal", () => {
  it("never leaves an organization without an owner", async () => {
    const t = await seedTenant({ roles: ["OWNER", "ADMIN"] });
    const ownerCtx = await ctxFor(t.users.OWNER!, t.org.slug);
    expect(
      await fails(
        changeMemberRole(ownerCtx, { organization: t.org.slug, memberId: t.members.OWNER!, role: "ADMIN" }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect(
      await fails(removeMember(ownerCtx, { organization: t.org.slug, memberId: t.members.OWNER! })),
    ).toMatchObject({ code: "CONFLICT" });

    // An admin can neither touch the owner nor make anyone an owner.
    const adminCtx = await ctxFor(t.users.ADMIN!, t.org.slug);
    expect(
      await fails(
        changeMemberRole(adminCtx, { organization: t.org.slug, memberId: t.members.OWNER!, role: "MEMBER" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await fails(
        changeMemberRole(adminCtx, { organization: t.org.slug, memberId: t.members.ADMIN!, role: "OWNER" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });

    // With a second owner, the first can step down.
    await changeMemberRole(ownerCtx, { organization: t.org.slug, memberId: t.members.ADMIN!, role: "OWNER" });
    await expect(
      changeMemberRole(ownerCtx, { organization: t.org.slug, memberId: t.members.OWNER!, role: "MEMBER" }),
    ).resolves.toMatchObject({ role: "MEMBER" });
    const roles = (await listMembers(await ctxFor(t.users.ADMIN!, t.org.slug))).members
      .map((m) => m.role)
      .sort();
    expect(roles).toEqual(["MEMBER", "OWNER"]);
  });

  it("two owners demoting each other at the same time can't both succeed", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const second = await createUser();
    const m2 = await ownerDb().organizationMember.create({
      data: { organizationId: t.org.id, userId: second.id, role: "OWNER", acceptedAt: new Date() },
    });
    const [c1, c2] = await Promise.all([ctxFor(t.users.OWNER!, t.org.slug), ctxFor(second, t.org.slug)]);
    const results = await Promise.allSettled([
      changeMemberRole(c1, { organization: t.org.slug, memberId: m2.id, role: "MEMBER" }),
      changeMemberRole(c2, { organization: t.org.slug, memberId: t.members.OWNER!, role: "MEMBER" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(1);
    expect(
      await ownerDb().organizationMember.count({ where: { organizationId: t.org.id, role: "OWNER" } }),
    ).toBe(1);
  });

  it("the database itself refuses to remove the last owner", async () => {
    const t = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    await expect(ownerDb().organizationMember.delete({ where: { id: t.members.OWNER! } })).rejects.toThrow(
      /at least one owner/,
    );
  });

  it("treats a member id from another organization as not found", async () => {
    const a = await seedTenant({ roles: ["OWNER"] });
    const b = await seedTenant({ roles: ["OWNER", "MEMBER"] });
    const ctx = await ctxFor(a.users.OWNER!, a.org.slug);
    expect(
      await fails(
        changeMemberRole(ctx, { organization: a.org.slug, memberId: b.members.MEMBER!, role: "VIEWER" }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await fails(removeMember(ctx, { organization: a.org.slug, memberId: b.members.MEMBER! })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      (await ownerDb().organizationMember.findUniqueOrThrow({ where: { id: b.members.MEMBER! } })).role,
    ).toBe("MEMBER");
  });
});

describe("plans", () => {
  it("lets the owner change the tier, recorded on the subscription, and refuses a plan too small for the team", async () => {
    const t = await seedTenant({ tier: "GROWTH", roles: ["OWNER", "ADMIN", "MEMBER"] });
    const ctx = await authorizeUser(asCurrentUser(t.users.OWNER!), {
      organization: t.org.slug,
      permission: "plan:manage",
    });
    await expect(changePlan(ctx, { organization: t.org.slug, tier: "ELITE" })).resolves.toMatchObject({
      tier: "ELITE",
      status: "ACTIVE",
    });
    expect(
      (await ownerDb().subscription.findUniqueOrThrow({ where: { organizationId: t.org.id } })).tier,
    ).toBe("ELITE");
    expect(await fails(changePlan(ctx, { organization: t.org.slug, tier: "FREE" }))).toMatchObject({
      code: "CONFLICT",
    });
    const admin = await fails(
      authorizeUser(asCurrentUser(t.users.ADMIN!), {
        organization: t.org.slug,
        permission: "plan:manage",
      }),
    );
    expect(admin).toMatchObject({ code: "FORBIDDEN" });
  });
});
