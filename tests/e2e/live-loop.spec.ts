// Two members with the same loop open: what the first deletes — a task, a document — disappears from the second's
// page without a reload (Realtime DELETE events, which carry only the deleted row's key, authorized by RLS).
import { expect, test } from "@playwright/test";
import { createTeam, login, smallPdf, sql } from "./support/fixtures";

test("a task and a document deleted by one member disappear live from another's open loop", async ({
  browser,
}) => {
  const team = await createTeam("GROWTH", {
    first: ["OWNER", "Fran First"],
    second: ["MEMBER", "Sam Second"],
  });
  const [loop] = await sql<{ id: string }>(
    `insert into public.transaction_loops (organization_id, property_address, transaction_type, status)
     values ($1, '3 Ferry Lane', 'PURCHASE', 'ACTIVE') returning id`,
    [team.orgId],
  );
  await sql(
    `insert into public.transaction_tasks (organization_id, loop_id, title, sort_order)
     values ($1, $2, 'Order the survey', 0), ($1, $2, 'Send the deposit', 1)`,
    [team.orgId, loop!.id],
  );
  const url = `/${team.slug}/transactions/${loop!.id}`;

  const firstContext = await browser.newContext();
  const first = await firstContext.newPage();
  await login(first, team.first.email);
  const upload = await first.request.post(`/api/documents/${team.slug}/loops/${loop!.id}`, {
    headers: { "x-file-name": encodeURIComponent("Survey quote.pdf"), "content-type": "application/pdf" },
    data: smallPdf(),
  });
  expect(upload.status()).toBe(201);

  const secondContext = await browser.newContext();
  const second = await secondContext.newPage();
  await login(second, team.second.email);
  await second.goto(url, { waitUntil: "networkidle" });
  await expect(second.getByText("Live: teammates' changes appear here")).toBeVisible({ timeout: 15_000 });
  const tasks = second.getByRole("list", { name: "Tasks" });
  const documents = second.getByRole("table", { name: "Documents" });
  await expect(tasks.getByText("Order the survey")).toBeVisible();
  await expect(documents.getByText("Survey quote.pdf")).toBeVisible();
  // Marks this very document: a reload would lose it.
  await second.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await first.goto(url, { waitUntil: "networkidle" });
  await first.getByRole("button", { name: "Delete: Order the survey" }).click();
  await first
    .getByRole("dialog", { name: "Delete task?" })
    .getByRole("button", { name: "Delete task" })
    .click();
  await expect(second.getByRole("list", { name: "Tasks" }).getByText("Order the survey")).toBeHidden({
    timeout: 10_000,
  });
  await expect(tasks.getByText("Send the deposit")).toBeVisible();

  await first.getByRole("button", { name: "Delete Survey quote.pdf" }).click();
  await first
    .getByRole("dialog", { name: "Delete document?" })
    .getByRole("button", { name: "Delete document" })
    .click();
  await expect(second.getByText("Survey quote.pdf")).toBeHidden({ timeout: 10_000 });

  expect(
    await second.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
  ).toBe(true);
  await firstContext.close();
  await secondContext.close();
});
