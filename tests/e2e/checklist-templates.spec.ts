// An owner shapes the Purchase checklist by keyboard, a new Purchase loop starts with it (nothing overdue), its
// tasks follow the key dates they count from, the team agenda shows what is coming and what is overdue, and removing
// the item from the template leaves the loop as it was.
import { expect, test } from "@playwright/test";
import { createAuthUser, login, uniqueEmail } from "./support/fixtures";

test("edit the Purchase template, create a loop from it, move a key date, edit the template again", async ({
  page,
}) => {
  const email = uniqueEmail("owner");
  await createAuthUser(email, "Olive Owner");
  await login(page, email);

  const slug = `tpl-${Date.now().toString(36)}`;
  await expect(page).toHaveURL(/\/onboarding\/organization/);
  await page.getByLabel("Organization name").fill("Quay Realty");
  await page.getByLabel("Web address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/dashboard`));

  await page.goto(`/${slug}/settings`);
  await page.getByRole("link", { name: "Edit checklist templates" }).click();
  await expect(page.getByRole("heading", { name: "Checklist templates" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Purchase/ })).toHaveAttribute("aria-current", "page");
  const tasks = page.getByRole("list", { name: "Tasks of the Purchase checklist" });
  await expect(tasks).toContainText("Order the home inspection");
  await expect(tasks).toContainText("Inspection − 7 days");

  // A task due the day after possession, entered and submitted from the keyboard.
  await page.getByRole("button", { name: "Add task" }).first().click();
  const add = page.getByRole("dialog", { name: "Add a task" });
  await add.getByRole("textbox", { name: "Task" }).fill("Hand over the keys");
  await add.getByLabel("Stage").selectOption("CLOSING");
  await add.getByLabel("Done by").selectOption("BUYERS_AGENT");
  await add.getByLabel("Days").fill("1");
  await add.getByLabel("Before or after").selectOption("AFTER");
  await add.getByLabel("Key date").selectOption("POSSESSION");
  await add.getByRole("textbox", { name: "Task" }).press("Enter");
  await expect(page.getByText("Task added to the template")).toBeVisible();
  await expect(tasks.getByRole("listitem").last()).toContainText("Hand over the keys");
  await expect(tasks.getByRole("listitem").last()).toContainText("Possession + 1 day");

  // An empty title is refused with a message next to the field.
  await page.getByRole("button", { name: "Add document" }).first().click();
  const doc = page.getByRole("dialog", { name: "Add a document" });
  await doc.getByRole("button", { name: "Add document" }).click();
  await expect(doc.getByText("Enter a title")).toBeVisible();
  await doc.getByRole("textbox", { name: "Document" }).fill("HOA documents");
  await doc.getByLabel("Required before the transaction can close").uncheck();
  await doc.getByRole("button", { name: "Add document" }).click();
  await expect(page.getByText("Document added to the template")).toBeVisible();
  const documents = page.getByRole("list", { name: "Documents of the Purchase checklist" });
  await expect(documents.getByRole("listitem").last()).toContainText(/HOA documents\s*Optional/);

  // A Purchase loop created now: the template's tasks, none of them overdue, and no seller-side work.
  await page.getByRole("link", { name: "Transactions" }).first().click();
  await page.getByRole("button", { name: "New transaction" }).click();
  const dialog = page.getByRole("dialog", { name: "New transaction" });
  await dialog.getByLabel("Property address").fill("8 Quay Street, Falmouth");
  await dialog.getByLabel("Transaction type").selectOption("PURCHASE");
  await dialog.getByLabel("Expected closing").fill("2027-05-14");
  await dialog.getByRole("button", { name: "Create transaction" }).click();
  await expect(page.getByRole("heading", { name: "8 Quay Street, Falmouth" })).toBeVisible();

  const loopTasks = page.getByRole("list", { name: "Tasks" });
  await expect(loopTasks).toContainText("Order the home inspection");
  await expect(loopTasks).toContainText(/Due May 12, 2027\s*· follows Closing − 2 d/);
  await expect(loopTasks).not.toContainText("(overdue)");
  await expect(loopTasks).not.toContainText("Comparative market analysis");
  const keys = loopTasks.getByRole("listitem").filter({ hasText: "Hand over the keys" });
  await expect(keys).toContainText(/No due date\s*· follows Possession \+ 1 d/);

  // Possession gets a date: the task that counts from it moves.
  await page.getByRole("button", { name: "Edit: Possession", exact: true }).click();
  const possession = page.getByRole("dialog", { name: "Possession date" });
  await possession.getByLabel("Date", { exact: true }).fill("2027-05-15");
  await possession.getByRole("button", { name: "Save date" }).click();
  await expect(page.getByText("Date saved; 1 task moved with it")).toBeVisible();
  await expect(keys).toContainText(/Due May 16, 2027\s*· follows Possession \+ 1 d/);
  const loopUrl = page.url();

  // An acceptance ten days ago makes the earnest money overdue; an inspection in three days is on the agenda.
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await page.getByRole("button", { name: "Edit: Acceptance", exact: true }).click();
  const acceptance = page.getByRole("dialog", { name: "Acceptance date" });
  await acceptance.getByLabel("Date", { exact: true }).fill(inDays(-10));
  await acceptance.getByRole("button", { name: "Save date" }).click();
  // (The possession toast may still be showing.)
  await expect(page.getByText("Date saved; 1 task moved with it").last()).toBeVisible();
  const earnest = loopTasks.getByRole("listitem").filter({ hasText: "Deliver earnest money deposit" });
  await expect(earnest).toContainText("(overdue)");
  await page.getByRole("button", { name: "Edit: Inspection", exact: true }).click();
  const inspection = page.getByRole("dialog", { name: "Inspection date" });
  await inspection.getByLabel("Date", { exact: true }).fill(inDays(3));
  await inspection.getByRole("button", { name: "Save date" }).click();
  await expect(page.getByText("Date saved; 2 tasks moved with it")).toBeVisible();

  // A date typed by hand stays put; the task can be told to follow its key date again.
  const order = loopTasks.getByRole("listitem").filter({ hasText: "Order the home inspection" });
  await page.getByRole("button", { name: "Edit: Order the home inspection" }).click();
  const editTask = page.getByRole("dialog", { name: "Edit task" });
  await editTask.getByLabel("Due date").fill(inDays(20));
  await editTask.getByRole("button", { name: "Save task" }).click();
  await expect(order).toContainText("· set by hand");
  await page.getByRole("button", { name: "Edit: Order the home inspection" }).click();
  await editTask.getByLabel("Follow Inspection − 7 days again").check();
  await editTask.getByRole("button", { name: "Save task" }).click();
  await expect(order).toContainText(/\(overdue\)\s*· follows Inspection − 7 d/);

  await page.getByRole("link", { name: "Dashboard" }).first().click();
  await expect(page.getByRole("heading", { name: "Team agenda" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Key dates in the next 14 days" })).toContainText(
    /Inspection\s*· 8 Quay Street, Falmouth/,
  );
  await expect(page.getByRole("region", { name: "Overdue tasks" })).toContainText(
    /Deliver earnest money deposit\s*· 8 Quay Street, Falmouth/,
  );

  // Removing the item from the template leaves the loop's task where it is.
  await page.goto(`/${slug}/settings/templates?type=PURCHASE`);
  await page.getByRole("button", { name: "Remove: Hand over the keys" }).click();
  await page
    .getByRole("dialog", { name: "Remove this task?" })
    .getByRole("button", { name: "Remove" })
    .click();
  await expect(page.getByText("Removed from the template")).toBeVisible();
  await expect(tasks).not.toContainText("Hand over the keys");
  await page.goto(loopUrl);
  await expect(keys).toContainText(/Due May 16, 2027/);
});
