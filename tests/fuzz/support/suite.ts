// One suite shape for every module's fuzz file: a world of two tenants, then each service driven by hostile input as
// the first tenant's owner, checked for what it answered (hostile.ts) and for what it left behind (world.ts).
import type fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { AuthContext } from "@/lib/auth/authorize";
import type { Permission } from "@/lib/auth/permissions";
import { fuzzService, RUNS, type World } from "./hostile";
import { expectNothingBroken, makeWorld, ownerCtx, snapshot, type Tenant } from "./world";

export type FuzzedService = readonly [
  name: string,
  schema: z.ZodType,
  service: (ctx: AuthContext, input: never) => Promise<unknown>,
  permission: Permission,
  opts?: { rolesMayChange?: boolean },
];

/**
 * `services` in order — destructive ones last, as they use up the records the others name; `extra` gives field
 * values a guess from the name can't find (which record an `id` names, a selection's shape).
 */
export function fuzzSuite(
  title: string,
  services: readonly FuzzedService[],
  extra: (world: World) => Record<string, fc.Arbitrary<unknown>> = () => ({}),
) {
  let mine: Tenant;
  let theirs: Tenant;
  let world: World;
  beforeAll(async () => {
    ({ mine, theirs, world } = await makeWorld());
  }, 120_000);

  describe(`${title} under hostile input (${RUNS} runs each)`, () => {
    for (const [name, schema, service, permission, opts] of services) {
      it(`${name}: never INTERNAL, never a leak, nothing broken`, async () => {
        const before = await snapshot(mine, theirs);
        const ctx = await ownerCtx(mine, permission);
        const seen = await fuzzService(name, schema, service as never, ctx, world, { extra: extra(world) });
        // The inputs reached the service, not only the schema.
        expect(
          [...seen.keys()].filter((code) => code !== "VALIDATION").length,
          JSON.stringify([...seen]),
        ).toBeGreaterThan(0);
        await expectNothingBroken(before, mine, theirs, opts);
      });
    }
  });
}
