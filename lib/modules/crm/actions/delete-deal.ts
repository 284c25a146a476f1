"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteDealSchema } from "../schemas";
import { deleteDeal } from "../services/deals";

export const deleteDealAction = orgAction("deals:write", deleteDealSchema, deleteDeal, { revalidate: "crm" });
