"use server";
import { redirect } from "next/navigation";
import { userAction } from "@/lib/auth/org-action";
import { assertRateLimit } from "@/lib/auth/rate-limit";
import { openSupportAccessSchema } from "../schemas";
import { openSupportAccess } from "../services/open-support-access";

export const openSupportAccessAction = userAction(
  openSupportAccessSchema,
  async (user, input) => {
    await assertRateLimit("mutation", user.id);
    const grant = await openSupportAccess(user, input);
    redirect(`/${grant.slug}/dashboard`);
  },
  { name: "openSupportAccess" },
);
