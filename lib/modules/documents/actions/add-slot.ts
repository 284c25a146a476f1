"use server";
import { orgAction } from "@/lib/auth/org-action";
import { addSlotSchema } from "../schemas";
import { addSlot } from "../services/slots";

export const addSlotAction = orgAction("loops:write", addSlotSchema, addSlot, { revalidate: "transactions" });
