"use server";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/auth/org-action";
import { acceptInvitationSchema } from "../schemas";
import { acceptInvitation } from "../services/invitations";

export const acceptInvitationAction = userAction(
  acceptInvitationSchema,
  async (user, input) => {
    const { organization } = await acceptInvitation(user, input.token);
    redirect(`/${organization.slug}/dashboard`);
  },
  { name: "acceptInvitation" },
);
