"use server";
import { orgAction } from "@/lib/auth/org-action";
import { setTaskCompletedSchema } from "../schemas";
import { setTaskCompleted } from "../services/tasks";

export const setTaskCompletedAction = orgAction("loops:write", setTaskCompletedSchema, setTaskCompleted, {
  revalidate: "transactions",
});
