"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { revokeInvitationSchema } from "../schemas";
import { revokeInvitation } from "../services/members";

export const revokeInvitationAction = action("revokeInvitation", revokeInvitationSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "organization",
    permission: "members:manage",
  });
  const result = await revokeInvitation(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/settings/members`);
  return result;
});
