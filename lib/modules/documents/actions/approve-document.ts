"use server";
import { orgAction } from "@/lib/auth/org-action";
import { approveDocumentSchema } from "../schemas";
import { approveDocument } from "../services/review";

export const approveDocumentAction = orgAction("reviews:manage", approveDocumentSchema, approveDocument, {
  revalidate: "transactions",
});
