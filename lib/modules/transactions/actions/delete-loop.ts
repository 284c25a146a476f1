"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteLoopSchema } from "../schemas";
import { deleteLoop } from "../services/loops";

export const deleteLoopAction = orgAction("loops:write", deleteLoopSchema, deleteLoop, {
  revalidate: "transactions",
  // The storage paths removed after the commit are not the browser's business.
  respond: async () => ({ deleted: true as const }),
});
