"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { bulkAssignSchema } from "../schemas";
import { bulkAssignContacts } from "../services/bulk-assign";

export const bulkAssignContactsAction = action("bulkAssignContacts", bulkAssignSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "crm",
    permission: "contacts:bulk",
  });
  const result = await bulkAssignContacts(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/crm`, "layout");
  return result;
});
