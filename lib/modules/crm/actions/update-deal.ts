"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateDealSchema } from "../schemas";
import { updateDeal } from "../services/deals";

export const updateDealAction = orgAction("deals:write", updateDealSchema, updateDeal, { revalidate: "crm" });
