// The layering rules are lint rules (eslint.config.mjs), and they fail on a violation: a module reaching into
// another module's internals, a page importing a module's services, a component importing a query.
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

/** Lints a probe file written where the rule applies (some rules resolve the file on disk), then removes it. */
async function problems(filePath: string, code: string): Promise<string[]> {
  const file = filePath.replace(/(\.tsx?)$/, `-${randomBytes(4).toString("hex")}$1`);
  writeFileSync(file, code);
  try {
    const [result] = await eslint.lintFiles([path.resolve(file)]);
    return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
  } finally {
    rmSync(file, { force: true });
  }
}

describe("module boundaries", () => {
  it("a module imports another module only through its index", async () => {
    const inside = await problems(
      "lib/modules/crm/services/lint-probe.ts",
      'import { listLoops } from "@/lib/modules/transactions/queries/loops";\nexport const x = listLoops;\n',
    );
    expect(inside.join("\n")).toMatch(/import\/no-restricted-paths: .*through their index\.ts/);
    const viaIndex = await problems(
      "lib/modules/crm/services/lint-probe.ts",
      'import { listLoops } from "@/lib/modules/transactions";\nexport const x = listLoops;\n',
    );
    expect(viaIndex).toEqual([]);
  }, 60_000);

  it("pages and components use a module's public faces only", async () => {
    const page = await problems(
      "app/(app)/[org]/dashboard/lint-probe.tsx",
      'import { listLoops } from "@/lib/modules/transactions/queries/loops";\nexport const x = listLoops;\n',
    );
    expect(page.join("\n")).toMatch(/no-restricted-imports: .*not its queries\/services/);
    const component = await problems(
      "components/transactions/lint-probe.tsx",
      'import { createLoop } from "@/lib/modules/transactions/services/loops";\nexport const x = createLoop;\n',
    );
    expect(component.join("\n")).toMatch(/no-restricted-imports/);
    const allowed = await problems(
      "components/transactions/lint-probe.tsx",
      'import { createLoopAction } from "@/lib/modules/transactions/actions/create-loop";\nimport { LOOP_STATUSES } from "@/lib/modules/transactions/schemas";\nexport const x = [createLoopAction, LOOP_STATUSES];\n',
    );
    expect(allowed).toEqual([]);
  }, 60_000);

  it("platform code never depends on feature modules", async () => {
    const platform = await problems(
      "lib/auth/lint-probe.ts",
      'import { listLoops } from "@/lib/modules/transactions";\nexport const x = listLoops;\n',
    );
    expect(platform.join("\n")).toMatch(/platform code must not depend on feature modules/);
  }, 60_000);
});
