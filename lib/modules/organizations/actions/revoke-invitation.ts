"use server";
import { orgAction } from "@/lib/auth/org-action";
import { revokeInvitationSchema } from "../schemas";
import { revokeInvitation } from "../services/members";

export const revokeInvitationAction = orgAction("members:manage", revokeInvitationSchema, revokeInvitation, {
  revalidate: "members",
});
