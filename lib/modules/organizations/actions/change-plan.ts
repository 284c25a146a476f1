"use server";
import { orgAction } from "@/lib/auth/org-action";
import { changePlanSchema } from "../schemas";
import { changePlan } from "../services/organization";

export const changePlanAction = orgAction("plan:manage", changePlanSchema, changePlan, {
  revalidate: "organization",
});
