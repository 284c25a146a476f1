"use server";
import { orgAction } from "@/lib/auth/org-action";
import { moveDealStageSchema } from "../schemas";
import { moveDealStage } from "../services/deals";

export const moveDealStageAction = orgAction("deals:write", moveDealStageSchema, moveDealStage, {
  revalidate: "crm",
});
