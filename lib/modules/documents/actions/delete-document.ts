"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteDocumentSchema } from "../schemas";
import { deleteDocument } from "../services/documents";

export const deleteDocumentAction = orgAction("documents:write", deleteDocumentSchema, deleteDocument, {
  revalidate: "transactions",
  // The storage path removed after the commit is not the browser's business.
  respond: async ({ deleted, loopId }) => ({ deleted, loopId }),
});
