"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { updateContactSchema } from "../schemas";
import { updateContact } from "../services/contacts";

export const updateContactAction = action("updateContact", updateContactSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "crm",
    permission: "contacts:write",
  });
  const contact = await updateContact(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/crm`, "layout");
  return contact;
});
