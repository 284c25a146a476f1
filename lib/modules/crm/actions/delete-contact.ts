"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { deleteContactSchema } from "../schemas";
import { deleteContact } from "../services/contacts";

export const deleteContactAction = action("deleteContact", deleteContactSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "crm",
    permission: "contacts:write",
  });
  const result = await deleteContact(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/crm`, "layout");
  return result;
});
