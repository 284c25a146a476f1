import "server-only";
// Creating an organization: the organization, its subscription, the creator's OWNER membership and the
// audit entry in one transaction. Runs outside a tenant context on purpose — the organization doesn't
// exist yet, so no membership could authorize it (one of the few named privileged paths).
import { recordAudit, setActorClaims } from "@/lib/audit/record";
import { getPrisma } from "@/lib/database/client";
import type { SubscriptionTier } from "@/lib/database/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { createOrganizationSchema, type CreateOrganizationInput } from "../schemas";

const TRIAL_DAYS = 14;

export async function createOrganization(
  user: Pick<CurrentUser, "id" | "globalRole">,
  raw: CreateOrganizationInput,
) {
  const input = createOrganizationSchema.parse(raw);
  if (user.globalRole === "SUSPENDED" || user.globalRole === "SUPPORT") {
    throw new AppError("FORBIDDEN", "Your account can't create organizations.");
  }
  const tier: SubscriptionTier = input.tier;
  const paid = tier !== "FREE";
  try {
    return await getPrisma().$transaction(async (tx) => {
      const org = await tx.organization.create({
        data: { name: input.name, slug: input.slug, createdBy: user.id },
        select: { id: true, name: true, slug: true },
      });
      await tx.subscription.create({
        data: {
          organizationId: org.id,
          tier,
          status: paid ? "TRIALING" : "ACTIVE",
          currentPeriodEnd: paid ? new Date(Date.now() + TRIAL_DAYS * 86_400_000) : null,
        },
      });
      const now = new Date();
      await tx.organizationMember.create({
        data: { organizationId: org.id, userId: user.id, role: "OWNER", acceptedAt: now },
      });
      await setActorClaims(tx, user);
      await recordAudit(
        tx,
        { user, organization: org },
        {
          action: "organization.created",
          entityType: "organization",
          entityId: org.id,
          newValues: { name: org.name, slug: org.slug, tier },
        },
      );
      return org;
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "That web address is already taken.", {
        fieldErrors: { slug: ["That web address is already taken — try another."] },
      });
    }
    throw err;
  }
}
