"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/action";
import { authorize } from "@/lib/auth/authorize";
import { removeMember } from "../services/members";

export const leaveOrganizationAction = action(
  "leaveOrganization",
  z.object({ organization: z.string().min(1).max(64) }),
  async (input) => {
    const ctx = await authorize({
      organization: input.organization,
      feature: "organization",
      permission: "organization:read",
    });
    await removeMember(ctx, { organization: input.organization, memberId: ctx.membership.id });
    redirect("/app");
  },
);
