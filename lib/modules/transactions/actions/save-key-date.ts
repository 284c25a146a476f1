"use server";
import { orgAction } from "@/lib/auth/org-action";
import { saveKeyDateSchema } from "../schemas";
import { saveKeyDate } from "../services/key-dates";

export const saveKeyDateAction = orgAction("loops:write", saveKeyDateSchema, saveKeyDate, {
  revalidate: "transactions",
});
