"use server";
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { updateOrganizationSchema } from "../schemas";
import { updateOrganization } from "../services/organization";

export const updateOrganizationAction = action(
  "updateOrganization",
  updateOrganizationSchema,
  async (input) => {
    const ctx = await authorize({
      organization: input.organization,
      feature: "organization",
      permission: "organization:update",
    });
    const result = await updateOrganization(ctx, input);
    revalidatePath(`/${ctx.organization.slug}`, "layout");
    return result;
  },
);
