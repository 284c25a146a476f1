"use server";
import { orgAction } from "@/lib/auth/org-action";
import { addParticipantSchema } from "../schemas";
import { addParticipant } from "../services/participants";

export const addParticipantAction = orgAction("loops:write", addParticipantSchema, addParticipant, {
  revalidate: "transactions",
});
