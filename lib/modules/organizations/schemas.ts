// Client-safe zod schemas for organizations, memberships, invitations and plans (forms and actions share them).
import { z } from "zod";
import { organizationRef as orgRef, text } from "@/lib/validation";

export const ORG_ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
export const INVITABLE_ROLES = ["ADMIN", "MEMBER", "VIEWER"] as const;
export const PLAN_TIERS = ["FREE", "STARTER", "GROWTH", "ELITE", "ENTERPRISE"] as const;

/** How a role and a plan are written everywhere a person reads them (badges, menus, toasts, the feed). */
export const ORG_ROLE_LABELS: Record<(typeof ORG_ROLES)[number], string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MEMBER: "Member",
  VIEWER: "Viewer",
};
export const PLAN_TIER_LABELS: Record<(typeof PLAN_TIERS)[number], string> = {
  FREE: "Free",
  STARTER: "Starter",
  GROWTH: "Growth",
  ELITE: "Elite",
  ENTERPRISE: "Enterprise",
};
/** A role or plan value (possibly one this build doesn't know) as a person reads it. */
export const roleLabel = (role: string) => ORG_ROLE_LABELS[role as keyof typeof ORG_ROLE_LABELS] ?? role;
export const tierLabel = (tier: string) => PLAN_TIER_LABELS[tier as keyof typeof PLAN_TIER_LABELS] ?? tier;

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters")
  .max(48, "Use at most 48 characters")
  .regex(
    /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    "Use lowercase letters, numbers and dashes (not at the start or end)",
  )
  .refine((s) => !RESERVED_SLUGS.has(s), "That address is reserved");

export const RESERVED_SLUGS = new Set([
  "api",
  "app",
  "auth",
  "login",
  "logout",
  "signup",
  "invite",
  "onboarding",
  "settings",
  "support",
  "account",
  "forgot-password",
  "reset-password",
  "admin",
  "static",
  "_next",
  "public",
]);

export const createOrganizationSchema = z.object({
  name: text().min(1, "Enter your organization's name").max(120, "Use at most 120 characters"),
  slug: slugSchema,
  tier: z.enum(PLAN_TIERS).default("GROWTH"),
});
export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;

export const inviteMemberSchema = z.object({
  organization: orgRef,
  email: z.email("Enter a valid email address").trim().toLowerCase().max(320),
  role: z.enum(INVITABLE_ROLES, { error: "Choose a role" }),
});
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

export const changeMemberRoleSchema = z.object({
  organization: orgRef,
  memberId: z.uuid(),
  role: z.enum(ORG_ROLES),
});

/** The reviewer flag: a member (or viewer) who approves and returns documents in compliance review. */
export const setMemberReviewerSchema = z.object({
  organization: orgRef,
  memberId: z.uuid(),
  reviewer: z.boolean(),
});

export const removeMemberSchema = z.object({ organization: orgRef, memberId: z.uuid() });
export const leaveOrganizationSchema = z.object({ organization: orgRef });
export const revokeInvitationSchema = z.object({ organization: orgRef, invitationId: z.uuid() });
export const acceptInvitationSchema = z.object({ token: text().min(20).max(200) });
export const changePlanSchema = z.object({ organization: orgRef, tier: z.enum(PLAN_TIERS) });
export const updateOrganizationSchema = z.object({
  organization: orgRef,
  name: text().min(1, "Enter a name").max(120, "Use at most 120 characters").optional(),
  /** Closing a transaction needs every required document approved in compliance review. */
  requireApprovalToClose: z.boolean().optional(),
});
export type UpdateOrganizationInput = z.input<typeof updateOrganizationSchema>;
