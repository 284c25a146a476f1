// CSV export of an organization's audit log (the filter of the audit page applies), streamed in batches.
// Authorized here, in the handler: plan (audit export), global role and organization role.
import { authorize } from "@/lib/auth/authorize";
import { csvLine, errorResponse } from "@/lib/http";
import { auditFilterSchema } from "@/lib/modules/activity/schemas";
import { iterateAuditLog } from "@/lib/modules/activity/services/feed";

export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  try {
    const ctx = await authorize({ organization: org, feature: "audit_export", permission: "audit:export" });
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
      },
    });
  } catch (err) {
    return errorResponse(err, "audit export");
  }
}
