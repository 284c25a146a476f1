"use server";
import { orgAction } from "@/lib/auth/org-action";
import { setReminderDoneSchema } from "../timeline-schemas";
import { setContactReminderDone } from "../services/timeline";

export const setContactReminderDoneAction = orgAction(
  "contacts:write",
  setReminderDoneSchema,
  setContactReminderDone,
  { revalidate: "crm" },
);
