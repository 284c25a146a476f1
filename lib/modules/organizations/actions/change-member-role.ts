"use server";
import { orgAction } from "@/lib/auth/org-action";
import { changeMemberRoleSchema } from "../schemas";
import { changeMemberRole } from "../services/members";

export const changeMemberRoleAction = orgAction("members:manage", changeMemberRoleSchema, changeMemberRole, {
  revalidate: "members",
});
