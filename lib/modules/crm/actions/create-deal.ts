"use server";
import { orgAction } from "@/lib/auth/org-action";
import { createDealSchema } from "../schemas";
import { createDeal } from "../services/deals";

export const createDealAction = orgAction("deals:write", createDealSchema, createDeal, {
  revalidate: "crm",
  idempotent: true,
});
