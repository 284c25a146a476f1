"use server";
import { orgAction } from "@/lib/auth/org-action";
import { updateReminderSchema } from "../timeline-schemas";
import { updateContactReminder } from "../services/timeline";

export const updateContactReminderAction = orgAction(
  "contacts:write",
  updateReminderSchema,
  updateContactReminder,
  { revalidate: "crm" },
);
