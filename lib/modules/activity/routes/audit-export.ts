import "server-only";
// GET /api/organizations/<org>/audit/export — the audit log as CSV (the audit page's filter applies), streamed in
// batches. Elite and up (audit:export).
import { withOrgRoute } from "@/lib/auth/org-route";
import { csvLine } from "@/lib/csv";
import { FILE_CSP } from "@/lib/security/headers";
import { iterateAuditLog } from "../queries/feed";
import { auditFilterSchema } from "../schemas";

export const auditExportRoute = withOrgRoute<{ org: string }>(
  { permission: "audit:export", name: "audit export" },
  async (request, ctx) => {
    const filter = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const encoder = new TextEncoder();
    const batches = iterateAuditLog(ctx, { ...filter, before: undefined });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          encoder.encode(
            csvLine([
              "seq",
              "created_at",
              "actor_email",
              "actor_name",
              "action",
              "entity_type",
              "entity_id",
              "entity_label",
              "old_values",
              "new_values",
            ]),
          ),
        );
      },
      async pull(controller) {
        try {
          const next = await batches.next();
          if (next.done) return controller.close();
          controller.enqueue(
            encoder.encode(
              next.value
                .map((e) =>
                  csvLine([
                    e.seq,
                    e.createdAt,
                    e.actor?.email,
                    e.actor?.name,
                    e.action,
                    e.entityType,
                    e.entityId,
                    e.entityLabel,
                    e.oldValues,
                    e.newValues,
                  ]),
                )
                .join(""),
            ),
          );
        } catch (err) {
          console.error("[audit export] failed mid-stream", err);
          controller.error(err);
        }
      },
    });
    const date = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-${ctx.organization.slug}-${date}.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "content-security-policy": FILE_CSP,
      },
    });
  },
);
