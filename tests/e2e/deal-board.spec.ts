// The deals board in Chromium: a deal dragged with the mouse onto the collapsed Won column (confirming what it
// closed at) is there after a reload; another moves with the keyboard only; the deal's page shows who moved it
// and keeps a note.
import { expect, test, type Page } from "@playwright/test";
import { createTeam, login, sql } from "./support/fixtures";

const column = (page: Page, stage: string) => page.locator(`[data-stage="${stage}"]`);
const card = (page: Page, stage: string, title: string) =>
  column(page, stage).getByRole("listitem", { name: title });

test("drag a deal to Won, move another from the keyboard, read the stage history", async ({ page }) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Dana Owner"] });
  const [contact] = await sql<{ id: string }>(
    "insert into public.contacts (organization_id, name) values ($1, 'Sam Smith') returning id",
    [team.orgId],
  );
  await sql(
    `insert into public.deals (organization_id, contact_id, title, value, stage) values
       ($1, $2, 'Smith purchase', 500000, 'UNDER_CONTRACT'), ($1, $2, 'Jones listing', 350000, 'SHOWING')`,
    [team.orgId, contact!.id],
  );
  await login(page, team.owner.email);
  await page.goto(`/${team.slug}/crm/deals`, { waitUntil: "networkidle" });

  // Mouse: drag the card onto the narrow Won column; Won asks what it closed at.
  await card(page, "UNDER_CONTRACT", "Smith purchase").dragTo(column(page, "CLOSED_WON"));
  const won = page.getByRole("dialog", { name: "Mark Smith purchase as won" });
  await expect(won.getByLabel("Closed value (USD)")).toHaveValue("500000.00");
  await won.getByLabel("Closed value (USD)").fill("512000");
  await won.getByRole("button", { name: "Mark as won" }).click();
  await expect(won).toBeHidden();
  await expect(page.getByText("Smith purchase marked won")).toBeVisible();

  await page.reload({ waitUntil: "networkidle" });
  await expect(card(page, "UNDER_CONTRACT", "Smith purchase")).toHaveCount(0);
  await column(page, "CLOSED_WON")
    .getByRole("button", { name: /^Show Closed — won/ })
    .click();
  await expect(card(page, "CLOSED_WON", "Smith purchase")).toBeVisible();
  await expect(card(page, "CLOSED_WON", "Smith purchase")).toContainText("$512,000");

  // Keyboard only: the card's "Move to…" menu, arrows, Enter.
  await card(page, "SHOWING", "Jones listing")
    .getByRole("button", { name: "Move Jones listing to…" })
    .focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Move Jones listing to" });
  await expect(menu.getByRole("menuitem", { name: "Lead" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Offer" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Jones listing moved to Offer")).toBeVisible();
  await expect(card(page, "OFFER", "Jones listing")).toBeVisible();
  await page.reload({ waitUntil: "networkidle" });
  await expect(card(page, "OFFER", "Jones listing")).toBeVisible();

  // The deal's page: who moved it, from what to what.
  await card(page, "OFFER", "Jones listing").getByRole("link", { name: "Jones listing" }).click();
  await expect(page.getByRole("heading", { name: "Jones listing", level: 1 })).toBeVisible();
  const history = page.getByRole("list", { name: "Stage history" });
  await expect(history.getByRole("listitem")).toHaveCount(1);
  await expect(history).toContainText("Dana Owner moved it from Showing to Offer");
  // A note, kept on the deal.
  await page.getByLabel("New note").fill("Second showing Saturday at 10");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("list", { name: "Notes" })).toContainText("Second showing Saturday at 10");
  await expect(page.getByLabel("New note")).toHaveValue("");

  await page.goto(`/${team.slug}/crm/deals`, { waitUntil: "networkidle" });
  await column(page, "CLOSED_WON")
    .getByRole("button", { name: /^Show Closed — won/ })
    .click();
  await card(page, "CLOSED_WON", "Smith purchase").getByRole("link", { name: "Smith purchase" }).click();
  await expect(page.getByRole("list", { name: "Stage history" })).toContainText(
    "Dana Owner marked it won at $512,000",
  );
  await expect(page.getByText("Closed value")).toBeVisible();
});
