"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { assertRateLimit } from "@/lib/auth/rate-limit";
import { requestBaseUrl } from "@/lib/request";
import { inviteMemberSchema } from "../schemas";
import { inviteMember } from "../services/members";

export const inviteMemberAction = action("inviteMember", inviteMemberSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "organization",
    permission: "members:manage",
  });
  await assertRateLimit("invite", ctx.user.id);
  const result = await inviteMember(ctx, input, await requestBaseUrl());
  revalidatePath(`/${ctx.organization.slug}/settings/members`);
  return result;
});
