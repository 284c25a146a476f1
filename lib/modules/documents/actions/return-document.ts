"use server";
import { orgAction } from "@/lib/auth/org-action";
import { returnDocumentSchema } from "../schemas";
import { returnDocument } from "../services/review";

export const returnDocumentAction = orgAction("reviews:manage", returnDocumentSchema, returnDocument, {
  revalidate: "transactions",
});
