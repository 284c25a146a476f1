"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateNotificationPreferencesSchema } from "../schemas";
import { updateNotificationPreferences } from "../services/inbox";

export const updateNotificationPreferencesAction = orgAction(
  "notifications:read",
  updateNotificationPreferencesSchema,
  updateNotificationPreferences,
  { revalidate: "notifications" },
);
