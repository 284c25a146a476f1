"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { updateDealSchema } from "../schemas";
import { updateDeal } from "../services/deals";

export const updateDealAction = action("updateDeal", updateDealSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "crm",
    permission: "deals:write",
  });
  const deal = await updateDeal(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/crm`, "layout");
  return deal;
});
