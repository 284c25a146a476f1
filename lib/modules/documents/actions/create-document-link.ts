"use server";
import { orgAction } from "@/lib/auth/org-action";
import { requestBaseUrl } from "@/lib/request";
import { createDocumentLinkSchema } from "../schemas";
import { createDocumentLink } from "../services/documents";

export const createDocumentLinkAction = orgAction(
  "documents:read",
  createDocumentLinkSchema,
  async (ctx, input) => createDocumentLink(ctx, input, await requestBaseUrl()),
  { name: "createDocumentLink" },
);
