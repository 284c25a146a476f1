"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { deleteDealSchema } from "../schemas";
import { deleteDeal } from "../services/deals";

export const deleteDealAction = action("deleteDeal", deleteDealSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "crm",
    permission: "deals:write",
  });
  const result = await deleteDeal(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/crm`, "layout");
  return result;
});
