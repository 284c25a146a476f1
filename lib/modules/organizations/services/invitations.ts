import "server-only";
// Invitation links: looking one up for the accept page and accepting it. Both run outside a tenant context
// on purpose — the invitee isn't a member yet (a named privileged path). The token is matched by its
// SHA-256; the invitation must be pending, unexpired, and addressed to the signed-in user's email; the person who
// sent it must still be allowed to invite with that role; and the plan must have a free seat.
import { recordAudit, setActorClaims } from "@/lib/audit/record";
import type { CurrentUser } from "@/lib/auth/current-user";
import {
  effectiveTier,
  globalRoleAllows,
  ORG_ROLE_RANK,
  orgRoleAllows,
  TIER_SEATS,
} from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/database/client";
import type { OrgRole } from "@/lib/database/generated/prisma/enums";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { acceptInvitationSchema } from "../schemas";
import { hashInvitationToken, seatUsage } from "./members";

export async function acceptInvitation(user: Pick<CurrentUser, "id" | "email">, token: string) {
  const { token: clean } = acceptInvitationSchema.parse({ token });
  const tokenHash = hashInvitationToken(clean);
  return getPrisma().$transaction(async (tx) => {
    // Lock the invitation so a double click (or two tabs) accepts it once.
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      select id from public.invitations where token_hash = ${tokenHash} for update`;
    if (rows.length === 0)
      throw new AppError("NOT_FOUND", "This invitation link is not valid. Ask for a new one.");
    const inv = await tx.invitation.findUniqueOrThrow({
      where: { id: rows[0]!.id },
      select: {
        id: true,
        email: true,
        role: true,
        expiresAt: true,
        acceptedAt: true,
        revokedAt: true,
        invitedBy: true,
        createdAt: true,
        organization: { select: { id: true, slug: true, name: true } },
      },
    });
    if (inv.acceptedAt) throw new AppError("CONFLICT", "This invitation has already been used.");
    if (inv.revokedAt) throw new AppError("CONFLICT", "This invitation was withdrawn. Ask for a new one.");
    if (inv.expiresAt <= new Date())
      throw new AppError("CONFLICT", "This invitation has expired. Ask for a new one.");
    if (inv.email !== user.email.toLowerCase()) {
      throw new AppError(
        "FORBIDDEN",
        `This invitation was sent to ${inv.email}, but you're signed in as ${user.email}. Sign in with the invited address.`,
      );
    }
    await assertInviterMayStillInvite(tx, inv.organization.id, inv.invitedBy, inv.role);
    const now = new Date();
    const existing = await tx.organizationMember.findUnique({
      where: { organizationId_userId: { organizationId: inv.organization.id, userId: user.id } },
      select: { id: true, acceptedAt: true },
    });
    if (existing?.acceptedAt)
      throw new AppError("CONFLICT", `You're already a member of ${inv.organization.name}.`);
    await assertSeatFree(tx, inv.organization.id, inv.organization.name);
    const member = existing
      ? await tx.organizationMember.update({
          where: { id: existing.id },
          data: { role: inv.role, acceptedAt: now },
          select: { id: true },
        })
      : await tx.organizationMember.create({
          data: {
            organizationId: inv.organization.id,
            userId: user.id,
            role: inv.role,
            invitedBy: inv.invitedBy,
            invitedAt: inv.createdAt,
            acceptedAt: now,
          },
          select: { id: true },
        });
    await tx.invitation.update({ where: { id: inv.id }, data: { acceptedAt: now, acceptedBy: user.id } });
    await setActorClaims(tx, user);
    await recordAudit(
      tx,
      { user, organization: inv.organization },
      {
        action: "member.joined",
        entityType: "member",
        entityId: member.id,
        newValues: { role: inv.role, email: inv.email },
      },
    );
    return { organization: inv.organization, role: inv.role };
  });
}

/** An invitation is only as good as its sender's standing now: removed, demoted or suspended inviters void it. */
async function assertInviterMayStillInvite(
  tx: TenantTx,
  organizationId: string,
  inviterId: string | null,
  role: OrgRole,
) {
  const inviter = inviterId
    ? await tx.organizationMember.findUnique({
        where: { organizationId_userId: { organizationId, userId: inviterId } },
        select: { role: true, acceptedAt: true, user: { select: { globalRole: true } } },
      })
    : null;
  const stillAllowed =
    !!inviter?.acceptedAt &&
    orgRoleAllows(inviter.role, "members:manage") &&
    globalRoleAllows(inviter.user.globalRole, "members:manage") &&
    ORG_ROLE_RANK[role] <= ORG_ROLE_RANK[inviter.role];
  if (!stillAllowed) {
    throw new AppError(
      "FORBIDDEN",
      "This invitation is no longer valid: the person who sent it can no longer invite members. Ask for a new one.",
    );
  }
}

async function assertSeatFree(tx: TenantTx, organizationId: string, organizationName: string) {
  const [subscription, { members }] = await Promise.all([
    tx.subscription.findUnique({ where: { organizationId }, select: { tier: true, status: true } }),
    seatUsage(tx, organizationId),
  ]);
  const seats = TIER_SEATS[effectiveTier(subscription?.tier ?? "FREE", subscription?.status)];
  if (seats !== null && members >= seats) {
    throw new AppError(
      "UPGRADE_REQUIRED",
      `${organizationName} has no free seats on its plan (${seats}). Ask an owner to upgrade or free a seat, then open this link again.`,
      { details: { layer: "tier", seats } },
    );
  }
}
