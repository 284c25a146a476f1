"use server";
import { orgAction } from "@/lib/auth/org-action";
import { requestBaseUrl } from "@/lib/request";
import { inviteMemberSchema } from "../schemas";
import { createInvitation, deliverInvitation, type InviteAnswer } from "../services/members";

// One transaction (authorization, the invitation, its audit entry); the link and the mail after it commits. Its
// writes count in the invitations' own rate-limit bucket.
export const inviteMemberAction = orgAction("members:manage", inviteMemberSchema, createInvitation, {
  revalidate: "members",
  name: "inviteMember",
  idempotent: true,
  rateLimit: "invite",
  // A resubmission is told the first answer again, without the link (InviteAnswer).
  respond: async (answer, ctx): Promise<InviteAnswer> =>
    deliverInvitation(answer, ctx, await requestBaseUrl()),
});
