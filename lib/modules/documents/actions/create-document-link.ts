"use server";
import { orgAction } from "@/lib/auth/org-action";
import { requestBaseUrl } from "@/lib/request";
import { createDocumentLinkSchema } from "../schemas";
import { documentLinkFor, grantDocumentLink } from "../services/documents";

// One transaction (authorization, the check, the audit entry); the link is signed after it commits.
export const createDocumentLinkAction = orgAction(
  "documents:read",
  createDocumentLinkSchema,
  grantDocumentLink,
  {
    name: "createDocumentLink",
    respond: async (grant, ctx) => documentLinkFor(grant, ctx, await requestBaseUrl()),
  },
);
