// Text Postgres can't store (NUL) is a validation error, not a 500, even on a path that skipped the schemas:
// the schemas refuse control characters (tests/unit/text-validation.test.ts), and the database error mapping
// is the backstop tested here against the real database (as is a value in the wrong format for its column).
import { describe, expect, it } from "vitest";
import { failure as actionFailure } from "@/lib/action";
import { recordAudit } from "@/lib/audit/record";
import { authorizeUser } from "@/lib/auth/authorize";
import { withTenantContext } from "@/lib/database/tenant";
import { listAuditLog } from "@/lib/modules/activity/queries/feed";
import { asCurrentUser, seedTenant } from "../support/factories";

async function ownerContext() {
  const t = await seedTenant({ roles: ["OWNER"] });
  const ctx = await authorizeUser(asCurrentUser(t.users.OWNER!), {
    organization: t.org.slug,
    permission: "audit:read",
  });
  return { t, ctx };
}

const validationFailure = {
  code: "VALIDATION",
  message: "Text can't contain control characters.",
};

describe("a NUL character that bypassed the schemas", () => {
  it("in a service's text filter is a VALIDATION error (SQLSTATE 22021), not INTERNAL", async () => {
    const { ctx } = await ownerContext();
    // listAuditLog takes an already-parsed filter, as the audit page passes it.
    const err = await listAuditLog(ctx, { action: "contact\u0000" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject(validationFailure);
    expect(actionFailure(err, "test")).toMatchObject({ ok: false, error: validationFailure });
  });

  it("in a text column written in a tenant transaction is a VALIDATION error", async () => {
    const { t, ctx } = await ownerContext();
    const write = withTenantContext(ctx, (tx) =>
      tx.contact.create({ data: { organizationId: t.org.id, name: "Ada\u0000Lovelace" } }),
    );
    await expect(write).rejects.toMatchObject(validationFailure);
  });

  it("in a jsonb value (SQLSTATE 22P05) is a VALIDATION error", async () => {
    const { ctx } = await ownerContext();
    const write = withTenantContext(ctx, (tx) =>
      recordAudit(tx, ctx, {
        action: "contact.updated",
        entityType: "contact",
        newValues: { notes: "line\u0000break" },
      }),
    );
    await expect(write).rejects.toMatchObject(validationFailure);
  });
});

describe("a value in the wrong format for its column", () => {
  it("is a VALIDATION error (SQLSTATE 22P02), not INTERNAL", async () => {
    const { ctx } = await ownerContext();
    const read = withTenantContext(ctx, (tx) => tx.contact.findFirst({ where: { id: "not-a-uuid" } }));
    await expect(read).rejects.toMatchObject({
      code: "VALIDATION",
      message: "Some values are not in a valid format.",
    });
  });
});
