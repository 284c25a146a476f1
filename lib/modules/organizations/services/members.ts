import "server-only";
// Members and invitations of an organization, inside the caller's tenant context. Rules beyond RLS:
// only an OWNER grants or takes away OWNER, an ADMIN can't change or remove an OWNER, and an organization
// never has fewer than one OWNER (owner rows are locked so two concurrent demotions can't both pass; a
// database trigger backs this up).
import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { AuthContext } from "@/lib/auth/authorize";
import { ORG_ROLE_PERMISSIONS, TIER_SEATS } from "@/lib/auth/permissions";
import type { OrgRole } from "@/lib/database/generated/prisma/enums";
import type { TenantTx } from "@/lib/database/tenant";
import { AppError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/outbox";
import {
  changeMemberRoleSchema,
  inviteMemberSchema,
  leaveOrganizationSchema,
  removeMemberSchema,
  revokeInvitationSchema,
  setMemberReviewerSchema,
} from "../schemas";
import type { z } from "zod";
import { tenantService } from "@/lib/service";

export const INVITATION_TTL_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Seats taken: accepted members, and pending invitations (each holds a seat until it is accepted or lapses). */
export async function seatUsage(
  tx: TenantTx,
  organizationId: string,
): Promise<{ members: number; pending: number }> {
  const [usage] = await tx.$queryRaw<Array<{ members: number; pending: number }>>`
    select (select count(*) from public.organization_members m
             where m.organization_id = ${organizationId}::uuid and m.accepted_at is not null)::int as members,
           (select count(*) from public.invitations i
             where i.organization_id = ${organizationId}::uuid and i.accepted_at is null and i.revoked_at is null
               and i.expires_at > now())::int as pending`;
  return usage!;
}

export interface InviteResult {
  invitationId: string;
  email: string;
  role: OrgRole;
  /** The link to send; shown once to the inviter (only its hash is stored). */
  link: string;
  expiresAt: Date;
  emailed: boolean;
  /** An earlier pending invitation to this address was withdrawn: its link no longer works. */
  replaced: boolean;
}

/**
 * What the invite form hears: a resubmission with the form's idempotency key is answered with the first
 * submission's transaction result, without the link (its secret is never stored; it was shown and emailed then).
 */
export type InviteAnswer = Omit<InviteResult, "link" | "emailed"> & {
  link: string | null;
  emailed: boolean | null;
};

/** The secrets of invitations created by this process, by their answer: never stored, never serialized. */
const invitationTokens = new WeakMap<InviteAnswer, string>();

/**
 * Creates the invitation (a pending one to the same address is withdrawn; a seat must be free) with its audit entry.
 * Its link's secret stays with the answer in memory for deliverInvitation(), never in the answer itself: the answer
 * is what an idempotent resubmission is told again.
 */
export const createInvitation = tenantService(
  inviteMemberSchema,
  async (tx, input, ctx): Promise<InviteAnswer> => {
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000);
    const existing = await tx.organizationMember.findFirst({
      where: { organizationId: ctx.organization.id, acceptedAt: { not: null }, user: { email: input.email } },
      select: { id: true },
    });
    if (existing) {
      throw new AppError("CONFLICT", `${input.email} is already a member.`, {
        fieldErrors: { email: ["Already a member of this organization"] },
      });
    }
    // A new invitation to the same address replaces the pending one (the form says so before and after).
    const withdrawn = await tx.invitation.updateMany({
      where: {
        organizationId: ctx.organization.id,
        email: input.email,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: new Date() },
      },
      data: { revokedAt: new Date() },
    });
    const seats = TIER_SEATS[ctx.tier];
    const usage = await seatUsage(tx, ctx.organization.id);
    if (seats !== null && usage.members + usage.pending >= seats) {
      throw new AppError(
        "UPGRADE_REQUIRED",
        `Your plan includes ${seats} seats, and they're all taken. Upgrade to invite more people.`,
        {
          details: { layer: "tier", seats },
        },
      );
    }
    const created = await tx.invitation.create({
      data: {
        organizationId: ctx.organization.id,
        email: input.email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        invitedBy: ctx.user.id,
        expiresAt,
      },
      select: { id: true },
    });
    await recordAudit(tx, ctx, {
      action: "member.invited",
      entityType: "invitation",
      entityId: created.id,
      newValues: { email: input.email, role: input.role },
    });
    const answer: InviteAnswer = {
      invitationId: created.id,
      email: input.email,
      role: input.role,
      link: null,
      expiresAt,
      emailed: null,
      replaced: withdrawn.count > 0,
    };
    invitationTokens.set(answer, token);
    return answer;
  },
);

/** Once the invitation has committed: its link, shown once to the inviter, and the mail to the invitee. */
export async function deliverInvitation(
  answer: InviteAnswer,
  ctx: AuthContext,
  baseUrl: string,
): Promise<InviteResult> {
  const token = invitationTokens.get(answer);
  if (!token) throw new Error("deliverInvitation: not an invitation created by createInvitation");
  const link = `${baseUrl.replace(/\/$/, "")}/invite/${token}`;
  const mail = await sendMail({
    kind: "invitation",
    to: answer.email,
    subject: `${ctx.user.name ?? ctx.user.email} invited you to ${ctx.organization.name} on Hearth`,
    text: `You've been invited to join ${ctx.organization.name} as ${answer.role.toLowerCase()}.\n\nAccept: ${link}\n\nThis link expires on ${answer.expiresAt.toUTCString()}.`,
    link,
  });
  return { ...answer, link, emailed: mail.delivered };
}

/** Invites someone by email: createInvitation, then deliverInvitation (for scripts and tests; the action does both). */
export async function inviteMember(
  ctx: AuthContext,
  raw: z.input<typeof inviteMemberSchema>,
  baseUrl: string,
): Promise<InviteResult> {
  return deliverInvitation(await createInvitation(ctx, raw), ctx, baseUrl);
}

export const revokeInvitation = tenantService(revokeInvitationSchema, async (tx, input, ctx) => {
  const res = await tx.invitation.updateMany({
    where: {
      id: input.invitationId,
      organizationId: ctx.organization.id,
      acceptedAt: null,
      revokedAt: null,
    },
    data: { revokedAt: new Date() },
  });
  if (res.count === 0) throw new AppError("NOT_FOUND", "That invitation no longer exists.");
  await recordAudit(tx, ctx, {
    action: "member.invitation_revoked",
    entityType: "invitation",
    entityId: input.invitationId,
  });
  return { revoked: true };
});

/** Locks the organization's owner rows and returns how many owners it has. */
async function lockOwners(tx: TenantTx, organizationId: string): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    select id from public.organization_members
     where organization_id = ${organizationId}::uuid and role = 'OWNER' and accepted_at is not null
     for update`;
  return rows.length;
}

async function loadTarget(tx: TenantTx, ctx: AuthContext, memberId: string) {
  const target = await tx.organizationMember.findFirst({
    where: { id: memberId, organizationId: ctx.organization.id },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!target) throw new AppError("NOT_FOUND", "That member is not part of this organization.");
  return target;
}

export const changeMemberRole = tenantService(changeMemberRoleSchema, async (tx, input, ctx) => {
  const owners = await lockOwners(tx, ctx.organization.id);
  const target = await loadTarget(tx, ctx, input.memberId);
  if (target.role === input.role) return { id: target.id, role: target.role };
  if ((target.role === "OWNER" || input.role === "OWNER") && ctx.role !== "OWNER") {
    throw new AppError("FORBIDDEN", "Only an owner can grant or remove the owner role.", {
      details: { layer: "org_role" },
    });
  }
  if (target.role === "OWNER" && owners <= 1) {
    throw new AppError(
      "CONFLICT",
      "An organization needs at least one owner. Make someone else an owner first.",
    );
  }
  const updated = await tx.organizationMember.update({
    where: { id: target.id },
    data: { role: input.role },
    select: { id: true, role: true },
  });
  await recordAudit(tx, ctx, {
    action: "member.role_changed",
    entityType: "member",
    entityId: target.id,
    oldValues: { role: target.role, email: target.user.email },
    newValues: { role: input.role, email: target.user.email },
  });
  return updated;
});

/**
 * Turns the reviewer flag (the grant reviews:manage) on or off for a member or viewer; owners and admins review by
 * their role. Recorded as a role change, with the grants before and after.
 */
export const setMemberReviewer = tenantService(setMemberReviewerSchema, async (tx, input, ctx) => {
  const target = await tx.organizationMember.findFirst({
    where: { id: input.memberId, organizationId: ctx.organization.id },
    select: { id: true, role: true, grants: true, user: { select: { email: true } } },
  });
  if (!target) throw new AppError("NOT_FOUND", "That member is not part of this organization.");
  if (ORG_ROLE_PERMISSIONS[target.role].includes("reviews:manage")) {
    throw new AppError(
      "CONFLICT",
      `${target.role === "OWNER" ? "Owners" : "Admins"} review documents already; the reviewer flag is for members and viewers.`,
    );
  }
  const grants = input.reviewer
    ? [...new Set([...target.grants, "reviews:manage"])]
    : target.grants.filter((g) => g !== "reviews:manage");
  if (grants.length === target.grants.length && grants.every((g) => target.grants.includes(g))) {
    return { id: target.id, reviewer: input.reviewer };
  }
  await tx.organizationMember.update({ where: { id: target.id }, data: { grants }, select: { id: true } });
  await recordAudit(tx, ctx, {
    action: "member.role_changed",
    entityType: "member",
    entityId: target.id,
    oldValues: { role: target.role, grants: target.grants, email: target.user.email },
    newValues: { role: target.role, grants, email: target.user.email },
  });
  return { id: target.id, reviewer: input.reviewer };
});

export const removeMember = tenantService(removeMemberSchema, async (tx, input, ctx) => {
  const owners = await lockOwners(tx, ctx.organization.id);
  const target = await loadTarget(tx, ctx, input.memberId);
  const self = target.userId === ctx.user.id;
  if (!self && ctx.role !== "OWNER" && ctx.role !== "ADMIN") {
    throw new AppError("FORBIDDEN", "Only owners and admins can remove members.", {
      details: { layer: "org_role" },
    });
  }
  if (target.role === "OWNER" && !self && ctx.role !== "OWNER") {
    throw new AppError("FORBIDDEN", "Only an owner can remove an owner.", {
      details: { layer: "org_role" },
    });
  }
  if (target.role === "OWNER" && owners <= 1) {
    throw new AppError(
      "CONFLICT",
      "An organization needs at least one owner. Make someone else an owner first.",
    );
  }
  await recordAudit(tx, ctx, {
    action: self ? "member.left" : "member.removed",
    entityType: "member",
    entityId: target.id,
    oldValues: { role: target.role, email: target.user.email },
  });
  await tx.organizationMember.delete({ where: { id: target.id } });
  return { removed: true, self };
});

/** The caller leaves the organization (the last owner can't: see removeMember). */
export const leaveOrganization = tenantService(leaveOrganizationSchema, async (tx, input, ctx) =>
  removeMember.within(tx, ctx, { organization: input.organization, memberId: ctx.membership.id }),
);
