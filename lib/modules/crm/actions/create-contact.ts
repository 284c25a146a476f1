"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { createContactSchema } from "../schemas";
import { createContact } from "../services/contacts";

export const createContactAction = action("createContact", createContactSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "crm",
    permission: "contacts:write",
  });
  const contact = await createContact(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/crm`, "layout");
  return contact;
});
