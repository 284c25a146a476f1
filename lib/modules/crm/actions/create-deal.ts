"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { createDealSchema } from "../schemas";
import { createDeal } from "../services/deals";

export const createDealAction = action("createDeal", createDealSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "crm",
    permission: "deals:write",
  });
  const deal = await createDeal(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/crm`, "layout");
  return deal;
});
