"use server";
import { orgAction } from "@/lib/auth/org-action";
import { removeKeyDateSchema } from "../schemas";
import { removeKeyDate } from "../services/key-dates";

export const removeKeyDateAction = orgAction("loops:write", removeKeyDateSchema, removeKeyDate, {
  revalidate: "transactions",
});
