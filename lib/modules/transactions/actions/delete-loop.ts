"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteLoopSchema } from "../schemas";
import { deleteLoop } from "../services/loops";

export const deleteLoopAction = orgAction("loops:write", deleteLoopSchema, deleteLoop, {
  revalidate: "transactions",
});
