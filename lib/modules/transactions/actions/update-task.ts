"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateTaskSchema } from "../schemas";
import { updateTask } from "../services/tasks";

export const updateTaskAction = orgAction("loops:write", updateTaskSchema, updateTask, {
  revalidate: "transactions",
});
