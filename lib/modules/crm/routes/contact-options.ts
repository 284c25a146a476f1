import "server-only";
// GET /api/organizations/<org>/contacts/options?q= — the deal form's contact picker (a read: no audit entry).
import { withOrgRoute } from "@/lib/auth/org-route";
import { AppError } from "@/lib/errors";
import { searchContactOptions } from "../queries/contact-options";
import { searchContactOptionsSchema } from "../schemas";

export const contactOptionsRoute = withOrgRoute<{ org: string }>(
  { permission: "contacts:read", name: "contact options" },
  async (request, ctx) => {
    const parsed = searchContactOptionsSchema.safeParse(
      Object.fromEntries(new URL(request.url).searchParams),
    );
    if (!parsed.success) throw new AppError("VALIDATION", parsed.error.issues[0]?.message);
    return Response.json(
      { data: await searchContactOptions(ctx, parsed.data.q) },
      { headers: { "cache-control": "no-store" } },
    );
  },
);
