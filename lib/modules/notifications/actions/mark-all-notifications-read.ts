"use server";
import { orgAction } from "@/lib/auth/org-action";
import { markAllNotificationsReadSchema } from "../schemas";
import { markAllNotificationsRead } from "../services/inbox";

export const markAllNotificationsReadAction = orgAction(
  "notifications:read",
  markAllNotificationsReadSchema,
  markAllNotificationsRead,
  { revalidate: "notifications" },
);
