"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateLoopSchema } from "../schemas";
import { updateLoop } from "../services/loops";

export const updateLoopAction = orgAction("loops:write", updateLoopSchema, updateLoop, {
  revalidate: "transactions",
});
