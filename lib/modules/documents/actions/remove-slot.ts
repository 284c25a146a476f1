"use server";
import { orgAction } from "@/lib/auth/org-action";
import { removeSlotSchema } from "../schemas";
import { removeSlot } from "../services/slots";

export const removeSlotAction = orgAction("loops:write", removeSlotSchema, removeSlot, {
  revalidate: "transactions",
});
