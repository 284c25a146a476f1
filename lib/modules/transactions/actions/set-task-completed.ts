"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { setTaskCompletedSchema } from "../schemas";
import { setTaskCompleted } from "../services/tasks";

export const setTaskCompletedAction = action("setTaskCompleted", setTaskCompletedSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "transactions",
    permission: "loops:write",
  });
  const result = await setTaskCompleted(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/transactions`, "layout");
  return result;
});
