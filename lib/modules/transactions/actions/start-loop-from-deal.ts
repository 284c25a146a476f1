"use server";
import { orgAction } from "@/lib/auth/org-action";
import { startLoopFromDealSchema } from "../schemas";
import { startLoopFromDeal } from "../services/from-deal";

export const startLoopFromDealAction = orgAction("loops:write", startLoopFromDealSchema, startLoopFromDeal, {
  revalidate: "crm",
});
