"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { changePlanSchema } from "../schemas";
import { changePlan } from "../services/organization";

export const changePlanAction = action("changePlan", changePlanSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "organization",
    permission: "plan:manage",
  });
  const result = await changePlan(ctx, input);
  revalidatePath(`/${ctx.organization.slug}`, "layout");
  return result;
});
