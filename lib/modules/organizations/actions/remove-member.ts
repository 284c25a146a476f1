"use server";
import { orgAction } from "@/lib/auth/org-action";
import { removeMemberSchema } from "../schemas";
import { removeMember } from "../services/members";

export const removeMemberAction = orgAction("members:manage", removeMemberSchema, removeMember, {
  revalidate: "members",
});
