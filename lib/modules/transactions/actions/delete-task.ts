"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { deleteTaskSchema } from "../schemas";
import { deleteTask } from "../services/tasks";

export const deleteTaskAction = action("deleteTask", deleteTaskSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "transactions",
    permission: "loops:write",
  });
  const result = await deleteTask(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/transactions`, "layout");
  return result;
});
