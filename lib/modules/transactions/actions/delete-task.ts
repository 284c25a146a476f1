"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteTaskSchema } from "../schemas";
import { deleteTask } from "../services/tasks";

export const deleteTaskAction = orgAction("loops:write", deleteTaskSchema, deleteTask, {
  revalidate: "transactions",
});
