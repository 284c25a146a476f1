"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { createLoopSchema } from "../schemas";
import { createLoop } from "../services/loops";

export const createLoopAction = action("createLoop", createLoopSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "transactions",
    permission: "loops:write",
  });
  const result = await createLoop(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/transactions`);
  return result;
});
