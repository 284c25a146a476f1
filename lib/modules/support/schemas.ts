// Client-safe zod schemas for platform support staff's read-only way into an organization (decision 0027).
import { z } from "zod";
import { text } from "@/lib/validation";

/** How long one support entry lasts (the database caps a grant at one hour). */
export const SUPPORT_ACCESS_MINUTES = 60;

export const openSupportAccessSchema = z.object({
  organizationId: z.uuid("Pick an organization"),
  reason: text()
    .min(10, "Say why in at least 10 characters (e.g. the ticket number and the problem)")
    .max(500, "Use at most 500 characters"),
});
export type OpenSupportAccessInput = z.input<typeof openSupportAccessSchema>;

export const supportSearchSchema = z.object({
  q: text().max(120).optional().catch(undefined),
});
