// A contact's timeline in Chromium: an agent logs a call and a note on a contact (the note from the keyboard alone)
// and sees both in its timeline at once, newest first; then ticks a reminder done from their dashboard.
import { expect, test } from "@playwright/test";
import { createTeam, login, sql } from "./support/fixtures";

test("log a call and a note on a contact; complete a reminder from my day", async ({ page }) => {
  const team = await createTeam("GROWTH", { agent: ["MEMBER", "Alex Agent"] });
  const [contact] = await sql<{ id: string }>(
    `insert into public.contacts (organization_id, name, assigned_to, created_by)
     values ($1, 'Harper Lane', $2, $2) returning id`,
    [team.orgId, team.agent.id],
  );
  await sql(
    `insert into public.contact_reminders (organization_id, contact_id, title, due_at, assignee_id, created_by)
     values ($1, $2, 'Send Harper the comps', now() - interval '1 day', $3, $3)`,
    [team.orgId, contact!.id, team.agent.id],
  );
  await login(page, team.agent.email);

  await page.goto(`/${team.slug}/crm/contacts/${contact!.id}`, { waitUntil: "networkidle" });
  const timeline = page.getByRole("list", { name: "Timeline of Harper Lane" });
  const form = page.getByRole("form", { name: "Log activity" });

  // A call, with its outcome and duration.
  await form.getByLabel("What happened").selectOption("CALL");
  await form.getByLabel("What was said").fill("Talked about the open house on Saturday");
  await form.getByLabel("Outcome").selectOption("CONNECTED");
  await form.getByLabel("Minutes").fill("7");
  await form.getByRole("button", { name: "Log call" }).click();
  const call = timeline.getByRole("listitem").filter({ hasText: "Talked about the open house on Saturday" });
  await expect(call).toBeVisible();
  await expect(call).toContainText("Connected · 7 min");

  // A note, from the keyboard: pick the kind, type, Ctrl+Enter.
  await form.getByLabel("What happened").selectOption("NOTE");
  await form.getByRole("textbox", { name: "Note", exact: true }).fill("Prefers texts after 6pm");
  await form.getByRole("textbox", { name: "Note", exact: true }).press("Control+Enter");
  const note = timeline.getByRole("listitem").filter({ hasText: "Prefers texts after 6pm" });
  await expect(note).toBeVisible();
  await expect(form.getByRole("textbox", { name: "Note", exact: true })).toHaveValue("");
  // Newest first: the note (logged last) comes before the call.
  const texts = await timeline.getByRole("listitem").allTextContents();
  const at = (s: string) => texts.findIndex((t) => t.includes(s));
  expect(at("Prefers texts after 6pm")).toBeLessThan(at("Talked about the open house"));

  // Filtering by kind keeps only calls, and lives in the URL.
  await page
    .getByRole("group", { name: "Show on the timeline" })
    .getByRole("button", { name: "Calls" })
    .click();
  await expect(page).toHaveURL(/show=call/);
  await expect(note).toBeHidden();
  await expect(call).toBeVisible();

  // My day: the overdue reminder is on the dashboard; done takes it off, for good.
  await page.goto(`/${team.slug}/dashboard`, { waitUntil: "networkidle" });
  const reminders = page.getByRole("list", { name: "Your reminders today" });
  await expect(reminders).toContainText("Send Harper the comps");
  await expect(reminders).toContainText("Overdue");
  await reminders.getByRole("button", { name: "Mark done: Send Harper the comps (Harper Lane)" }).click();
  await expect(page.getByText("Nothing due today.")).toBeVisible();
  await page.reload({ waitUntil: "networkidle" });
  await expect(page.getByText("Nothing due today.")).toBeVisible();
  const [row] = await sql<{ done: boolean }>(
    "select completed_at is not null as done from public.contact_reminders where contact_id = $1",
    [contact!.id],
  );
  expect(row!.done).toBe(true);
});
