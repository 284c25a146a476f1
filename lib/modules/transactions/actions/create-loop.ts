"use server";
import { orgAction } from "@/lib/auth/org-action";
import { createLoopSchema } from "../schemas";
import { createLoop } from "../services/loops";

export const createLoopAction = orgAction("loops:write", createLoopSchema, createLoop, {
  revalidate: "transactions",
  idempotent: true,
});
