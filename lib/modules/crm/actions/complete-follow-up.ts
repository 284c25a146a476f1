"use server";
import { orgAction } from "@/lib/auth/org-action";
import { completeFollowUpSchema } from "../timeline-schemas";
import { completeFollowUp } from "../services/timeline";

export const completeFollowUpAction = orgAction("contacts:write", completeFollowUpSchema, completeFollowUp, {
  revalidate: "crm",
});
