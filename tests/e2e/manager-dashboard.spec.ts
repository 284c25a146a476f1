// The manager's dashboard, two managers' browsers: both watch team performance while one of them moves the agent's
// deal to Won on the deals pipeline; the leaderboard and KPIs on both screens change without a reload. The period
// switch works from the keyboard and lands in the URL; the charts' tables are there; the page runs under the CSP
// without a violation while Recharts draws.
import { expect, test, type Page } from "@playwright/test";
import { createTeam, login, sql, watch } from "./support/fixtures";

const leaderboardRow = (page: Page, name: string) =>
  page
    .getByRole("table", { name: /^Leaderboard/ })
    .getByRole("row")
    .filter({ hasText: name });

test("a deal moved to Won shows on every open manager dashboard live", async ({ browser }) => {
  test.setTimeout(180_000); // three signed-in pages on a busy 2-core machine
  const team = await createTeam("GROWTH", {
    owner: ["OWNER", "Olive Owner"],
    admin: ["ADMIN", "Adam Admin"],
    agent: ["MEMBER", "Alex Agent"],
  });
  const { slug } = team;
  const [contact] = await sql<{ id: string }>(
    "insert into public.contacts (organization_id, name, source, status) values ($1, 'Rowan Buyer', 'Open house', 'CLIENT') returning id",
    [team.orgId],
  );
  await sql(
    `insert into public.deals (organization_id, contact_id, title, value, stage, assigned_to)
     values ($1, $2, '12 Elm St purchase', 480000, 'UNDER_CONTRACT', $3)`,
    [team.orgId, contact!.id, team.agent.id],
  );

  const ownerContext = await browser.newContext();
  const adminContext = await browser.newContext();
  const ownerDashboard = await ownerContext.newPage();
  const adminDashboard = await adminContext.newPage();
  const problems = await watch(adminDashboard);
  await login(ownerDashboard, team.owner.email);
  await login(adminDashboard, team.admin.email);
  for (const page of [ownerDashboard, adminDashboard]) {
    await page.goto(`/${slug}/dashboard`);
    await expect(page.getByText("Numbers live")).toBeVisible({ timeout: 15_000 });
    await expect(leaderboardRow(page, "Alex Agent")).toContainText("$0");
    await expect(page.getByRole("group", { name: "Deals won" })).toContainText("0");
  }
  // The charts' numbers are tables too, and the charts drew.
  await expect(adminDashboard.getByRole("table", { name: "Lead sources" })).toContainText("Open house");
  await expect(adminDashboard.getByRole("table", { name: "Open pipeline by stage" })).toContainText(
    "$480,000",
  );
  await expect(adminDashboard.locator("figure svg.recharts-surface").first()).toBeVisible();

  // The owner drags the deal onto the Won column of the pipeline board, in another tab.
  const deals = await ownerContext.newPage();
  await deals.goto(`/${slug}/crm/deals`, { waitUntil: "networkidle" });
  await deals
    .getByRole("listitem", { name: "12 Elm St purchase" })
    .dragTo(deals.locator('[data-stage="CLOSED_WON"]'));
  const won = deals.getByRole("dialog", { name: "Mark 12 Elm St purchase as won" });
  await won.getByRole("button", { name: "Mark as won" }).click();
  await expect(deals.getByText("12 Elm St purchase marked won")).toBeVisible();

  for (const page of [adminDashboard, ownerDashboard]) {
    await expect(leaderboardRow(page, "Alex Agent")).toContainText("$480,000", { timeout: 5_000 });
    await expect(page.getByRole("group", { name: "Deals won" })).toContainText("1");
    await expect(page.getByRole("group", { name: "Closed volume" })).toContainText("$480,000");
    expect(page.url()).toMatch(new RegExp(`/${slug}/dashboard$`));
  }
  // Alex leads the board now.
  await expect(
    adminDashboard
      .getByRole("table", { name: /^Leaderboard/ })
      .getByRole("row")
      .nth(1),
  ).toContainText("Alex Agent");

  // The period switch from the keyboard: arrow keys move it, the URL follows, the numbers stay.
  await adminDashboard.getByRole("radio", { name: "This month" }).focus();
  await adminDashboard.keyboard.press("ArrowRight");
  await expect(adminDashboard.getByRole("radio", { name: "This quarter" })).toBeChecked();
  await expect(adminDashboard).toHaveURL(/[?&]period=quarter/);
  await expect(adminDashboard.getByRole("table", { name: "Leaderboard, this quarter" })).toContainText(
    "$480,000",
  );
  // …and a link with the period opens on it.
  await adminDashboard.reload();
  await expect(adminDashboard.getByRole("radio", { name: "This quarter" })).toBeChecked();

  // "Show as table" swaps a chart for its numbers.
  await adminDashboard.getByRole("button", { name: "Show as table" }).first().click();
  await expect(adminDashboard.getByRole("table", { name: "Open pipeline by stage" })).toBeVisible();

  expect(problems.filter((p) => p.startsWith("violation") || p.startsWith("pageerror"))).toEqual([]);
  await ownerContext.close();
  await adminContext.close();
});
