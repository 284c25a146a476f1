"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { deleteDocumentSchema } from "../schemas";
import { deleteDocument } from "../services/documents";

export const deleteDocumentAction = action("deleteDocument", deleteDocumentSchema, async (input) => {
  const ctx = await authorize({
    organization: input.organization,
    feature: "documents",
    permission: "documents:write",
  });
  const result = await deleteDocument(ctx, input);
  revalidatePath(`/${ctx.organization.slug}/transactions`, "layout");
  return result;
});
