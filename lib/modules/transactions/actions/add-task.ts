"use server";
import { orgAction } from "@/lib/auth/org-action";
import { addTaskSchema } from "../schemas";
import { addTask } from "../services/tasks";

export const addTaskAction = orgAction("loops:write", addTaskSchema, addTask, {
  revalidate: "transactions",
  idempotent: true,
});
