"use server";
import { orgAction } from "@/lib/auth/org-action";
import { createReminderSchema } from "../timeline-schemas";
import { createContactReminder } from "../services/timeline";

export const createContactReminderAction = orgAction(
  "contacts:write",
  createReminderSchema,
  createContactReminder,
  { revalidate: "crm" },
);
