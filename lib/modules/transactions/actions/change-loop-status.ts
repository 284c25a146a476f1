"use server";
import { orgAction } from "@/lib/auth/org-action";
import { changeLoopStatusSchema } from "../schemas";
import { changeLoopStatus } from "../services/loops";

export const changeLoopStatusAction = orgAction("loops:write", changeLoopStatusSchema, changeLoopStatus, {
  revalidate: "transactions",
});
