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

  await page.goto(`/${starter.slug}/crm/contacts`);
  await page.goto("/app");
  await expect(page).toHaveURL(new RegExp(`/${starter.slug}/dashboard`));
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
