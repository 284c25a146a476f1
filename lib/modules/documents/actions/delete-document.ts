"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteDocumentSchema } from "../schemas";
import { deleteDocument } from "../services/documents";

export const deleteDocumentAction = orgAction("documents:write", deleteDocumentSchema, deleteDocument, {
  revalidate: "transactions",
});
