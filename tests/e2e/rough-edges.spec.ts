// Rough edges from issue 13, in Chromium: the contacts page doesn't scroll into blank space (a screen-reader-only
// "(overdue)" inside the scrolling table was positioned against the body); activity times hydrate without a
// mismatch in a time zone that isn't UTC; at phone width the menu closes after navigating and a document's
// Download / Copy link stay on screen; in dark mode a dialog's backdrop really dims the page.
import { expect, test } from "@playwright/test";
import { createLoopInUi, createTeam, login, smallPdf, sql, watch } from "./support/fixtures";

test("contacts page: its scroll height is its content's, even with overdue follow-ups far down the table", async ({
  page,
}) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Olive Owner"] });
  await sql(
    `insert into public.contacts (organization_id, name, email, next_follow_up, created_by)
     select $1::uuid, 'Overdue ' || lpad(g::text, 3, '0'), 'overdue' || g || '@example.test',
            now() - interval '3 days', $2::uuid
       from generate_series(1, 50) g`,
    [team.orgId, team.owner.id],
  );
  await login(page, team.owner.email);
  await page.goto(`/${team.slug}/crm/contacts`);
  await expect(page.getByText("(overdue)").first()).toBeAttached();
  const { scroll, content } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollHeight,
    // The page's real content: the bottom of the lowest element that isn't visually hidden.
    content: Math.max(
      window.innerHeight,
      ...[...document.body.querySelectorAll("*")]
        .filter((el) => !el.classList.contains("sr-only") && !el.closest(".sr-only"))
        .map((el) => el.getBoundingClientRect().bottom + window.scrollY),
    ),
  }));
  expect(scroll).toBeLessThanOrEqual(content + 48);
});

test("activity times hydrate without a mismatch in a time zone that isn't UTC", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Pacific/Auckland" });
  const page = await context.newPage();
  const problems = await watch(page);
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Olive Owner"] });
  await login(page, team.owner.email);
  await page.goto(`/${team.slug}/transactions`);
  await createLoopInUi(page, team.slug, "12 Harbour View");
  await page.goto(`/${team.slug}/dashboard`);
  const time = page.getByRole("list").locator("time").first();
  await expect(time).toBeVisible();
  // The exact moment on hover, in the browser's zone once hydrated.
  await expect(time).toHaveAttribute("title", /\d{1,2}:\d{2} [AP]M$/);
  await page.waitForLoadState("networkidle");
  expect(problems.filter((p) => /hydrat|did not match|error/i.test(p))).toEqual([]);
  await context.close();
});

test.describe("phone width", () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test("the menu closes after navigating; a document's actions stay on screen", async ({ page }) => {
    test.setTimeout(120_000);
    const team = await createTeam("GROWTH", { owner: ["OWNER", "Olive Owner"] });
    await login(page, team.owner.email);
    await page.goto(`/${team.slug}/dashboard`);
    const menu = page.locator("details").filter({ has: page.getByText("Menu", { exact: true }) });
    await menu.getByText("Menu", { exact: true }).click();
    await menu.getByRole("link", { name: "Transactions" }).click();
    await expect(page).toHaveURL(new RegExp(`/${team.slug}/transactions$`));
    await expect(menu).not.toHaveAttribute("open");
    await expect(menu.getByRole("link", { name: "Transactions" })).toBeHidden();

    await createLoopInUi(page, team.slug, "9 Longwordstreetname Boulevard");
    const name = "Residential-purchase-agreement-signed-final.pdf";
    await page
      .getByLabel("Upload documents")
      .setInputFiles({ name, mimeType: "application/pdf", buffer: smallPdf() });
    const table = page.getByRole("table", { name: "Documents" });
    await expect(table.getByRole("cell", { name: new RegExp(`^${name}`) })).toBeVisible();
    for (const action of [`Download ${name}`, `Copy link to ${name}`]) {
      const box = (await table
        .getByRole("link", { name: action })
        .or(table.getByRole("button", { name: action }))
        .boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(375);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

test("dark mode: a dialog's backdrop dims the page", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Olive Owner"] });
  await login(page, team.owner.email);
  await page.goto(`/${team.slug}/crm/contacts`);
  await page.getByRole("button", { name: "New contact" }).click();
  const dialog = page.getByRole("dialog", { name: "New contact" });
  await expect(dialog).toBeVisible();
  const alpha = await dialog.evaluate((el) => {
    // rgba(0, 0, 0, 0.75), or oklab(0 0 0 / 0.75) / color(srgb 0 0 0 / 75%) as Tailwind 4 writes colours.
    const c = getComputedStyle(el, "::backdrop").backgroundColor;
    const slash = /\/\s*([\d.]+)(%?)\s*\)/.exec(c);
    if (slash) return Number(slash[1]) / (slash[2] ? 100 : 1);
    const rgba = /rgba\([^,]+,[^,]+,[^,]+,\s*([\d.]+)\)/.exec(c);
    return rgba ? Number(rgba[1]) : /^(rgb|oklab|oklch|color)\(/.test(c) ? 1 : 0;
  });
  expect(alpha).toBeGreaterThanOrEqual(0.7);
  await context.close();
});
