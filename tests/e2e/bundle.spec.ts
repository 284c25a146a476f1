// Nothing secret reaches the browser: the production build's client chunks contain neither the
// service-role key nor the service-role client module.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { stackEnv } from "./support/fixtures";
import { distDir } from "./support/global-setup";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test("the browser bundle has no service-role key and no admin module", async ({ page }) => {
  const staticDir = path.resolve(distDir(), "static");
  const chunks = files(staticDir).filter((f) => f.endsWith(".js"));
  expect(chunks.length).toBeGreaterThan(5);
  const serviceKey = stackEnv().SUPABASE_SERVICE_ROLE_KEY!;
  const adminMarker = "service-role key of Supabase project"; // text only lib/supabase/admin.ts contains
  const offenders = chunks.filter((f) => {
    const text = readFileSync(f, "utf8");
    return (
      text.includes(serviceKey) || text.includes(adminMarker) || text.includes("SUPABASE_SERVICE_ROLE_KEY")
    );
  });
  expect(offenders).toEqual([]);
  // The server does know the key (the check above is meaningful): the admin module is in the server build.
  const serverFiles = files(path.resolve(distDir(), "server")).filter((f) => f.endsWith(".js"));
  expect(serverFiles.some((f) => readFileSync(f, "utf8").includes(adminMarker))).toBe(true);

  // And the HTML the browser receives doesn't carry it either.
  await page.goto("/login");
  expect(await page.content()).not.toContain(serviceKey);
});
