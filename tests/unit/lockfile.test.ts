// `npm ci` needs every optionalDependency in package-lock.json; the registry here lacks other platforms'
// packages, so `npm run lock:stubs` adds stub entries. This fails when a dependency change forgot that.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs script without type declarations
import { missingOptional } from "../../scripts/lockfile-platform-stubs.mjs";

describe("package-lock.json", () => {
  it("lists every optional dependency, so npm ci accepts it (run `npm run lock:stubs` when this fails)", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
    expect([...(missingOptional(lock.packages) as Map<string, unknown>).keys()]).toEqual([]);
    expect(lock.packages["node_modules/@next/swc-darwin-arm64"]).toMatchObject({
      optional: true,
      os: ["darwin"],
      cpu: ["arm64"],
    });
  });
});
