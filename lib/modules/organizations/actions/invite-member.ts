"use server";
import { orgAction } from "@/lib/auth/org-action";
import { assertRateLimit } from "@/lib/auth/rate-limit";
import { requestBaseUrl } from "@/lib/request";
import { inviteMemberSchema } from "../schemas";
import { inviteMember, type InviteAnswer } from "../services/members";

export const inviteMemberAction = orgAction(
  "members:manage",
  inviteMemberSchema,
  async (ctx, input): Promise<InviteAnswer> => {
    await assertRateLimit("invite", ctx.user.id);
    return inviteMember(ctx, input, await requestBaseUrl());
  },
  { revalidate: "members", name: "inviteMember", idempotent: true },
);
