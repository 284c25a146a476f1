"use server";
import { orgAction } from "@/lib/auth/org-action";
import { assertRateLimit } from "@/lib/auth/rate-limit";
import { requestBaseUrl } from "@/lib/request";
import { inviteMemberSchema } from "../schemas";
import { inviteMember } from "../services/members";

export const inviteMemberAction = orgAction(
  "members:manage",
  inviteMemberSchema,
  async (ctx, input) => {
    await assertRateLimit("invite", ctx.user.id);
    return inviteMember(ctx, input, await requestBaseUrl());
  },
  { revalidate: "members", name: "inviteMember" },
);
