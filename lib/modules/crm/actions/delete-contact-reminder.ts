"use server";
import { orgAction } from "@/lib/auth/org-action";
import { deleteReminderSchema } from "../timeline-schemas";
import { deleteContactReminder } from "../services/timeline";

export const deleteContactReminderAction = orgAction(
  "contacts:write",
  deleteReminderSchema,
  deleteContactReminder,
  { revalidate: "crm" },
);
