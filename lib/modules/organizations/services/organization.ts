import "server-only";
// Organization settings and plan, inside the caller's tenant context.
import { auditChanges, recordAudit } from "@/lib/audit/record";
import { TIER_SEATS } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { changePlanSchema, updateOrganizationSchema } from "../schemas";
import { seatUsage } from "./members";
import { tenantService } from "@/lib/service";

/** The organization's settings: its name, and whether closing needs the compliance review done. */
export const updateOrganization = tenantService(updateOrganizationSchema, async (tx, input, ctx) => {
  const select = { id: true, name: true, slug: true, requireApprovalToClose: true } as const;
  const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.organization.id }, select });
  const org = await tx.organization.update({
    where: { id: ctx.organization.id },
    data: { name: input.name, requireApprovalToClose: input.requireApprovalToClose },
    select,
  });
  const { changed, oldValues, newValues } = auditChanges(
    { name: before.name, requireApprovalToClose: before.requireApprovalToClose },
    { name: org.name, requireApprovalToClose: org.requireApprovalToClose },
    { keep: ["name"] },
  );
  if (changed.length > 0) {
    await recordAudit(tx, ctx, {
      action: "organization.updated",
      entityType: "organization",
      entityId: org.id,
      oldValues,
      newValues,
    });
  }
  return org;
});

export const changePlan = tenantService(changePlanSchema, async (tx, input, ctx) => {
  const current = await tx.subscription.findUnique({
    where: { organizationId: ctx.organization.id },
    select: { tier: true, status: true },
  });
  if (!current) throw new AppError("NOT_FOUND", "This organization has no subscription record.");
  if (current.tier === input.tier && current.status === "ACTIVE") return current;
  const seats = TIER_SEATS[input.tier];
  if (seats !== null) {
    const { members, pending } = await seatUsage(tx, ctx.organization.id);
    if (members + pending > seats) {
      const plan = input.tier.charAt(0) + input.tier.slice(1).toLowerCase();
      const have =
        pending > 0
          ? `${members} member${members === 1 ? "" : "s"} and ${pending} pending invitation${pending === 1 ? "" : "s"}`
          : `${members} member${members === 1 ? "" : "s"}`;
      throw new AppError(
        "CONFLICT",
        `The ${plan} plan has ${seats} seats, but you have ${have}. Remove members${pending > 0 ? " or withdraw invitations" : ""} first.`,
        { details: { seats, members, pending } },
      );
    }
  }
  const updated = await tx.subscription.update({
    where: { organizationId: ctx.organization.id },
    data: { tier: input.tier, status: "ACTIVE", currentPeriodEnd: null },
    select: { tier: true, status: true },
  });
  await recordAudit(tx, ctx, {
    action: "plan.changed",
    entityType: "subscription",
    entityId: ctx.organization.id,
    oldValues: current,
    newValues: updated,
  });
  return updated;
});
