"use server";
// A read for the deal form's contact picker (no audit entry: it changes nothing).
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { searchContactOptionsSchema } from "../schemas";
import { searchContactOptions } from "../queries/contact-options";

export const searchContactOptionsAction = action(
  "searchContactOptions",
  searchContactOptionsSchema,
  async (input) => {
    const ctx = await authorize({
      organization: input.organization,
      feature: "crm",
      permission: "contacts:read",
    });
    return searchContactOptions(ctx, input.q);
  },
);
