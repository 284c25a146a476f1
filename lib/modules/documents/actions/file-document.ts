"use server";
import { orgAction } from "@/lib/auth/org-action";
import { fileDocumentSchema } from "../schemas";
import { fileDocument } from "../services/review";

export const fileDocumentAction = orgAction("documents:write", fileDocumentSchema, fileDocument, {
  revalidate: "transactions",
});
