"use server";
import { orgAction } from "@/lib/auth/org-action";
import { markNotificationReadSchema } from "../schemas";
import { markNotificationRead } from "../services/inbox";

export const markNotificationReadAction = orgAction(
  "notifications:read",
  markNotificationReadSchema,
  markNotificationRead,
  { revalidate: "notifications" },
);
