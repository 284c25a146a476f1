"use server";
import { orgAction } from "@/lib/auth/org-action";
import { removeParticipantSchema } from "../schemas";
import { removeParticipant } from "../services/participants";

export const removeParticipantAction = orgAction("loops:write", removeParticipantSchema, removeParticipant, {
  revalidate: "transactions",
});
