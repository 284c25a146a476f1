"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { changeMemberRoleSchema } from "../schemas";
import { changeMemberRole } from "../services/members";

export const changeMemberRoleAction = action("changeMemberRole", changeMemberRoleSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "organization",
    permission: "members:manage",
  });
  const result = await changeMemberRole(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/settings/members`);
  return result;
});
