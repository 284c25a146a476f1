// authorize(): the three layers against the real database — each denial has its own code and lands in the
// audit log; a non-member gets NOT_FOUND; a demotion or removal applies to the very next call.
import { describe, expect, it } from "vitest";
import { authorizeUser } from "@/lib/auth/authorize";
import { RATE_LIMITS } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { asCurrentUser, createUser, ownerDb, seedTenant } from "../../support/factories";
import { clearOfWindowEnds } from "../../support/rate-windows";

async function denial(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("authorize()", () => {
  it("returns the typed context for an allowed call", async () => {
    const t = await seedTenant({ tier: "GROWTH", roles: ["MEMBER"] });
    const ctx = await authorizeUser(asCurrentUser(t.users.MEMBER!), {
      organization: t.org.slug,
      permission: "contacts:write",
    });
    expect(ctx).toMatchObject({
      organization: { id: t.org.id, slug: t.org.slug },
      role: "MEMBER",
      tier: "GROWTH",
      membership: { id: t.members.MEMBER },
      user: { id: t.users.MEMBER!.id },
    });
  });

  it("refuses by plan with UPGRADE_REQUIRED, by global role and by org role with FORBIDDEN — and audits each", async () => {
    const t = await seedTenant({ tier: "STARTER", roles: ["OWNER", "VIEWER"] });
    const support = await createUser({ globalRole: "SUPPORT" });
    await ownerDb().organizationMember.create({
      data: { organizationId: t.org.id, userId: support.id, role: "ADMIN", acceptedAt: new Date() },
    });

    const tier = await denial(
      authorizeUser(asCurrentUser(t.users.OWNER!), {
        organization: t.org.slug,
        permission: "loops:write",
      }),
    );
    expect(tier.code).toBe("UPGRADE_REQUIRED");
    expect(tier.details).toMatchObject({ layer: "tier", requiredTier: "GROWTH" });

    const global = await denial(
      authorizeUser(asCurrentUser(support), {
        organization: t.org.slug,
        permission: "contacts:write",
      }),
    );
    expect(global.code).toBe("FORBIDDEN");
    expect(global.details).toMatchObject({ layer: "global_role" });

    const org = await denial(
      authorizeUser(asCurrentUser(t.users.VIEWER!), {
        organization: t.org.slug,
        permission: "contacts:write",
      }),
    );
    expect(org.code).toBe("FORBIDDEN");
    expect(org.details).toMatchObject({ layer: "org_role" });

    const logged = await ownerDb().auditLog.findMany({
      where: { organizationId: t.org.id, action: "authz.denied" },
      orderBy: { createdAt: "asc" },
      select: { userId: true, newValues: true },
    });
    expect(logged.map((l) => (l.newValues as { layer: string }).layer).sort()).toEqual([
      "global_role",
      "org_role",
      "tier",
    ]);
    expect(logged.find((l) => (l.newValues as { layer: string }).layer === "org_role")?.userId).toBe(
      t.users.VIEWER!.id,
    );
  });

  it("treats another organization (by slug or id) as not found", async () => {
    const a = await seedTenant({ roles: ["OWNER"] });
    const b = await seedTenant({ roles: ["OWNER"] });
    for (const ref of [b.org.slug, b.org.id]) {
      const err = await denial(
        authorizeUser(asCurrentUser(a.users.OWNER!), {
          organization: ref,
          permission: "contacts:read",
        }),
      );
      expect(err.code).toBe("NOT_FOUND");
    }
  });

  it("applies a demotion and a removal on the very next call", async () => {
    const t = await seedTenant({ roles: ["OWNER", "ADMIN"] });
    const admin = asCurrentUser(t.users.ADMIN!);
    const req = {
      organization: t.org.slug,
      feature: "organization" as const,
      permission: "members:manage" as const,
    };
    await expect(authorizeUser(admin, req)).resolves.toMatchObject({ role: "ADMIN" });

    await ownerDb().organizationMember.update({ where: { id: t.members.ADMIN }, data: { role: "VIEWER" } });
    expect((await denial(authorizeUser(admin, req))).details).toMatchObject({ layer: "org_role" });

    await ownerDb().organizationMember.delete({ where: { id: t.members.ADMIN } });
    expect((await denial(authorizeUser(admin, { ...req, permission: "organization:read" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("refuses a pending (unaccepted) membership", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const invited = await createUser();
    await ownerDb().organizationMember.create({
      data: { organizationId: t.org.id, userId: invited.id, role: "ADMIN" },
    });
    expect(
      (
        await denial(
          authorizeUser(asCurrentUser(invited), {
            organization: t.org.slug,
            permission: "organization:read",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });

  it("rate-limits mutations per user with a retry time", async () => {
    const t = await seedTenant({ roles: ["OWNER"] });
    const user = asCurrentUser(t.users.OWNER!);
    const req = { organization: t.org.slug, permission: "contacts:write" as const };
    await clearOfWindowEnds([RATE_LIMITS.mutation.windowSeconds], 5000);
    let limited: AppError | undefined;
    for (let i = 0; i < 130 && !limited; i++) {
      limited = await authorizeUser(user, req).then(
        () => undefined,
        (e: AppError) => e,
      );
    }
    expect(limited?.code).toBe("RATE_LIMITED");
    expect(limited?.details?.retryAfterSeconds).toBeGreaterThan(0);
    // reads are not limited
    await expect(authorizeUser(user, { ...req, permission: "contacts:read" })).resolves.toBeTruthy();
  });
});
