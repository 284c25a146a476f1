"use server";
import { redirect } from "next/navigation";
import { action } from "@/lib/action";
import { requireUser } from "@/lib/auth/authorize";
import { acceptInvitationSchema } from "../schemas";
import { acceptInvitation } from "../services/invitations";

export const acceptInvitationAction = action("acceptInvitation", acceptInvitationSchema, async (input) => {
  const user = await requireUser();
  const { organization } = await acceptInvitation(user, input.token);
  redirect(`/${organization.slug}/dashboard`);
});
