"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { moveDealStageSchema } from "../schemas";
import { moveDealStage } from "../services/deals";

export const moveDealStageAction = action("moveDealStage", moveDealStageSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "crm",
    permission: "deals:write",
  });
  const deal = await moveDealStage(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/crm`, "layout");
  return deal;
});
