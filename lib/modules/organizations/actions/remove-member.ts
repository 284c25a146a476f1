"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { removeMemberSchema } from "../schemas";
import { removeMember } from "../services/members";

export const removeMemberAction = action("removeMember", removeMemberSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "organization",
    permission: "members:manage",
  });
  const result = await removeMember(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/settings/members`);
  return result;
});
