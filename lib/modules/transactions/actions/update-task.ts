"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { updateTaskSchema } from "../schemas";
import { updateTask } from "../services/tasks";

export const updateTaskAction = action("updateTask", updateTaskSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "transactions",
    permission: "loops:write",
  });
  const result = await updateTask(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/transactions`, "layout");
  return result;
});
