// Breaks: the database under the running production server (`next start`) — only the E2E stack's Postgres is
// stopped, then started again (the stack's drills, tests/support/stack-process.ts). "Nothing lost" means: a form
// submitted during the outage says the database can't be reached and that nothing was saved (and indeed nothing
// is); a route handler answers 503 JSON with Retry-After for a signed-in caller (its session check reads the
// database too); a page shows the plain "can't reach its database" notice, no stack; and once Postgres is back
// the same server serves again within seconds, without a restart, and the same form succeeds.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { stackDrill } from "../support/stack-process";
import { STATE_FILE } from "./support/global-setup";
import { signInWithNewOrganization, sql } from "./support/fixtures";

const MESSAGE =
  "Hearth can't reach its database right now. Nothing you entered was saved — try again in a moment.";
const stack = () => {
  const state = JSON.parse(readFileSync(STATE_FILE, "utf8")) as { stackPid: number; stackDir: string };
  return { pid: state.stackPid, stackDir: state.stackDir };
};

test("the database stops and starts under the running app", async ({ page }) => {
  const slug = await signInWithNewOrganization(page, "outage");
  await page.goto(`/${slug}/crm/contacts`);
  await page.getByRole("button", { name: "New contact" }).click();
  const dialog = page.getByRole("dialog", { name: "New contact" });
  const name = `Outage ${Date.now().toString(36)}`;
  await dialog.getByLabel("Name").fill(name);

  let down = false;
  try {
    await stackDrill(stack(), "stop database");
    down = true;

    // The action: the form says what happened, and the dialog keeps what was typed.
    await dialog.getByRole("button", { name: "Add contact" }).click();
    await expect(dialog.getByText(MESSAGE)).toBeVisible();
    await expect(dialog.getByLabel("Name")).toHaveValue(name);

    // A route handler, with the session cookie (the user sync fails too): 503 JSON with Retry-After, fast. With the
    // session lookup outside the route's error renderer (lib/auth/org-route.ts) this gets Next's bare 500.
    const started = Date.now();
    const res = await page.request.get(`/api/organizations/${slug}/notifications/unread`);
    expect(res.status()).toBe(503);
    expect(res.headers()["retry-after"]).toBe("5");
    expect((await res.json()).error).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: MESSAGE });
    expect(Date.now() - started).toBeLessThan(5_000);
    const health = await page.request.get("/api/health");
    expect(health.status()).toBe(503);

    // A page: Next 16 can't give a failed page a 503; the boundary says the database is away, and no stack.
    const page503 = await page.goto(`/${slug}/crm/contacts`);
    expect(page503!.status()).toBe(500); // what Next 16 sends for a page whose render failed (decision 0021)
    await expect(page.getByRole("heading", { name: "Hearth is briefly unavailable" })).toBeVisible();
    await expect(page.getByText(MESSAGE)).toBeVisible();
    await expect(page.locator("body")).not.toContainText(/ECONNREFUSED|at \w+ \(|PrismaClient/);

    await stackDrill(stack(), "start database");
    down = false;
  } finally {
    if (down) await stackDrill(stack(), "start database");
  }

  // Serving again within seconds, same server process.
  const back = Date.now();
  await expect(async () => {
    const r = await page.request.get(`/api/organizations/${slug}/notifications/unread`);
    expect(r.status()).toBe(200);
  }).toPass({ timeout: 10_000, intervals: [100, 250, 500] });
  expect(Date.now() - back).toBeLessThan(5_000);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("button", { name: "New contact" })).toBeVisible();

  // Nothing was saved during the outage; the same form succeeds now.
  expect(await sql("select 1 from public.contacts where name = $1", [name])).toHaveLength(0);
  await page.getByRole("button", { name: "New contact" }).click();
  const again = page.getByRole("dialog", { name: "New contact" });
  await again.getByLabel("Name").fill(name);
  await again.getByRole("button", { name: "Add contact" }).click();
  await expect(again).toBeHidden();
  await expect(page.getByRole("table", { name: "Contacts" }).getByRole("link", { name })).toBeVisible();
});
