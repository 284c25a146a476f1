// Upgrade prompts only where an upgrade would help: pages and the nav check the person's role before the plan.
import { expect, test } from "@playwright/test";
import { createTeam, login } from "./support/fixtures";

test("a Member of a Starter organization is told what their role allows, not to ask for an upgrade", async ({
  page,
}) => {
  const team = await createTeam("STARTER", {
    owner: ["OWNER", "Olive Owner"],
    member: ["MEMBER", "Milo Member"],
  });
  await login(page, team.member.email);
  await page.goto(`/${team.slug}/dashboard`);
  const nav = page.getByRole("navigation", { name: "Sections" }).last();
  await expect(nav.getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await expect(page.getByText(/Growth plan/)).toHaveCount(0);
  await expect(
    page.getByText("The team dashboard with live activity is for owners and admins."),
  ).toBeVisible();

  await page.goto(`/${team.slug}/audit`);
  await expect(page.getByRole("alert").filter({ hasText: "You don't have access to this" })).toBeVisible();
  await expect(page.getByText(/upgrade/i)).toHaveCount(0);
});

test("the owner of the same organization sees the upgrade prompt and the Audit log item", async ({
  page,
}) => {
  const team = await createTeam("STARTER", { owner: ["OWNER", "Olive Owner"] });
  await login(page, team.owner.email);
  await page.goto(`/${team.slug}/dashboard`);
  await expect(
    page.getByRole("heading", { name: "The live team dashboard is on the Growth plan" }),
  ).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Sections" }).last();
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "The audit log is on the Growth plan" })).toBeVisible();
  await expect(page.getByRole("link", { name: "See plans" })).toBeVisible();
});
