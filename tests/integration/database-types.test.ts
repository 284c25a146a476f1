// lib/supabase/database.types.ts is what `npm run db:types` generates from the migrated database.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DB_TYPES_FILE, generateDatabaseTypes } from "../../scripts/lib/db-types";

describe("generated Supabase database types", () => {
  it("are up to date with the migrations (run `npm run db:types` when this fails)", async () => {
    const generated = await generateDatabaseTypes(process.env.DIRECT_URL!);
    expect(generated).toContain("transaction_audit_logs");
    expect(readFileSync(DB_TYPES_FILE, "utf8")).toBe(generated);
  });
});
