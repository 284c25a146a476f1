"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { changeLoopStatusSchema } from "../schemas";
import { changeLoopStatus } from "../services/loops";

export const changeLoopStatusAction = action("changeLoopStatus", changeLoopStatusSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "transactions",
    permission: "loops:write",
  });
  const result = await changeLoopStatus(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/transactions`, "layout");
  return result;
});
