import "server-only";
// The import page's remembered column mappings (decision 0026): the organization's most recent ones, matched to
// a chosen file's header row in the browser (sameHeaders), so choosing the file never waits for the server.
import type { AuthContext } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import type { RememberedMapping } from "../import-mapping";

export async function listImportMappings(ctx: AuthContext): Promise<RememberedMapping[]> {
  const rows = await withTenantContext(ctx, (tx) =>
    tx.contactImportMapping.findMany({
      where: { organizationId: ctx.organization.id },
      select: { headers: true, fields: true, duplicates: true },
      orderBy: { updatedAt: "desc" },
      take: 100,
    }),
  );
  return rows as RememberedMapping[];
}
