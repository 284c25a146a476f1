"use server";
import { orgAction } from "@/lib/auth/org-action";
import { reorderTasksSchema } from "../schemas";
import { reorderTasks } from "../services/tasks";

export const reorderTasksAction = orgAction("loops:write", reorderTasksSchema, reorderTasks, {
  revalidate: "transactions",
});
