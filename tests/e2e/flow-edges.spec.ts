// Where a person lands and what a missing page looks like inside an organization.
import { expect, test } from "@playwright/test";
import { createTeam, login, sql } from "./support/fixtures";

test("home is the organization last used, else the one on the highest plan", async ({ page }) => {
  const starter = await createTeam("STARTER", { agent: ["MEMBER", "Ari Agent"] });
  const growth = await createTeam("GROWTH", { owner: ["OWNER", "Gia Grower"] });
  await sql(
    "insert into public.organization_members (organization_id, user_id, role, accepted_at) values ($1, $2, 'MEMBER', now())",
    [growth.orgId, starter.agent.id],
  );
  await login(page, starter.agent.email);
  await expect(page).toHaveURL(new RegExp(`/${growth.slug}/dashboard`));

  // The organization on screen is remembered once its page is shown (not by requests the old page still had in
  // flight, nor by prefetches): a full page load, then a switch in the sidebar (a client-side navigation).
  const lastUsed = async () =>
    (await page.context().cookies()).find((c) => c.name === "hearth_last_org")?.value ?? null;
  await page.goto(`/${starter.slug}/crm/contacts`);
  await expect.poll(lastUsed).toBe(starter.slug);
  await page.goto("/app");
  await expect(page).toHaveURL(new RegExp(`/${starter.slug}/dashboard`));

  await page.getByLabel("Organization").filter({ visible: true }).selectOption(growth.slug);
  await expect(page).toHaveURL(new RegExp(`/${growth.slug}/dashboard`));
  await expect.poll(lastUsed).toBe(growth.slug);
  await page.goto("/app");
  await expect(page).toHaveURL(new RegExp(`/${growth.slug}/dashboard`));
});

test("a missing page inside an organization keeps the sidebar", async ({ page }) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Nia Nowhere"] });
  await login(page, team.owner.email);
  await page.goto(`/${team.slug}/no-such-page`);
  await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Sections" }).last();
  await expect(nav.getByRole("link", { name: "Dashboard" })).toBeVisible();
  await nav.getByRole("link", { name: "Dashboard" }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.slug}/dashboard`));
});

test("the audit log's and the transactions' filters apply as they change, like the contacts list's", async ({
  page,
}) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Fay Filter"] });
  await login(page, team.owner.email);
  await page.goto(`/${team.slug}/audit`);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Entity").selectOption("contact");
  await expect(page).toHaveURL(/[?&]entity=contact/);

  await page.goto(`/${team.slug}/transactions`);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Status").selectOption("ALL");
  await expect(page).toHaveURL(/[?&]status=ALL/);
  await page.getByLabel("Search by address").fill("Harbour");
  await expect(page).toHaveURL(/[?&]q=Harbour/);
});
