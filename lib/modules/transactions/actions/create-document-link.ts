"use server";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { requestBaseUrl } from "@/lib/request";
import { createDocumentLinkSchema } from "../schemas";
import { createDocumentLink } from "../services/documents";

export const createDocumentLinkAction = action(
  "createDocumentLink",
  createDocumentLinkSchema,
  async (input) => {
    const ctx = await authorize({
      organization: input.organization,
      feature: "documents",
      permission: "documents:read",
    });
    return createDocumentLink(ctx, input, await requestBaseUrl());
  },
);
