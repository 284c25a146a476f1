"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { reorderTasksSchema } from "../schemas";
import { reorderTasks } from "../services/tasks";

export const reorderTasksAction = action("reorderTasks", reorderTasksSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "transactions",
    permission: "loops:write",
  });
  const result = await reorderTasks(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/transactions/${input.loopId}`);
  return result;
});
