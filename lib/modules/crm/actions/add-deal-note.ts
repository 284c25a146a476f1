"use server";
import { orgAction } from "@/lib/auth/org-action";
import { addDealNoteSchema } from "../schemas";
import { addDealNote } from "../services/deals";

export const addDealNoteAction = orgAction("deals:write", addDealNoteSchema, addDealNote, {
  revalidate: "crm",
});
