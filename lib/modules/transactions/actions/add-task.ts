"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { addTaskSchema } from "../schemas";
import { addTask } from "../services/tasks";

export const addTaskAction = action("addTask", addTaskSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "transactions",
    permission: "loops:write",
  });
  const result = await addTask(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/transactions`, "layout");
  return result;
});
