// A member's day with a transaction: create a loop (its type's checklist), complete a task (progress moves), upload
// a PDF with the progress bar, download it and get back exactly the same bytes.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createAuthUser, login, uniqueEmail } from "./support/fixtures";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A valid PDF of about 3 MB, so the upload takes long enough to report progress. */
function samplePdf(): Buffer {
  const filler = Buffer.alloc(3 * 1024 * 1024, "%");
  for (let i = 0; i < filler.length; i += 97) filler[i] = 0x0a;
  return Buffer.concat([
    Buffer.from(
      "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n",
      "latin1",
    ),
    filler,
    Buffer.from("\ntrailer <</Root 1 0 R>>\n%%EOF\n", "latin1"),
  ]);
}

test("create a loop, complete a task, upload a PDF and download the same bytes", async ({ page }) => {
  const email = uniqueEmail("agent");
  await createAuthUser(email, "Tess Transactions");
  await login(page, email);

  const slug = `tx-${Date.now().toString(36)}`;
  await expect(page).toHaveURL(/\/onboarding\/organization/);
  await page.getByLabel("Organization name").fill("Harbour Homes");
  await page.getByLabel("Web address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/dashboard`));

  await page.getByRole("link", { name: "Transactions" }).first().click();
  await expect(page.getByRole("heading", { name: "No transactions yet" })).toBeVisible();
  await page.getByRole("button", { name: "New transaction" }).click();
  const dialog = page.getByRole("dialog", { name: "New transaction" });
  await dialog.getByLabel("Property address").fill("12 Harbour Road, Portsmouth");
  await dialog.getByLabel("Transaction type").selectOption("LISTING");
  await dialog.getByLabel("Listing price").fill("450000");
  await dialog.getByLabel("Expected closing").fill("2027-03-31");
  await dialog.getByRole("button", { name: "Create transaction" }).click();

  await expect(page).toHaveURL(new RegExp(`/${slug}/transactions/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { name: "12 Harbour Road, Portsmouth" })).toBeVisible();
  const progress = page.getByRole("progressbar", { name: "Transaction progress" });
  await expect(progress).toHaveAttribute("aria-valuenow", "0");

  // The Listing template's five tasks; preparing for closing follows the closing date.
  const tasks = page.getByRole("list", { name: "Tasks" });
  await expect(tasks).toContainText(/Due Mar 26, 2027\s*· follows Closing − 5 d/);
  await page.getByRole("checkbox", { name: "Done: Comparative market analysis" }).check();
  await expect(progress).toHaveAttribute("aria-valuenow", "20");
  await expect(page.getByText("1 of 5 tasks done")).toBeVisible();

  // Moving the closing key date moves the task that follows it, and the expected closing with it.
  await page.getByRole("button", { name: "Edit: Closing", exact: true }).click();
  const closing = page.getByRole("dialog", { name: "Closing date" });
  await closing.getByLabel("Date", { exact: true }).fill("2027-04-30");
  await closing.getByRole("button", { name: "Save date" }).click();
  await expect(page.getByText("Date saved; 1 task moved with it")).toBeVisible();
  await expect(tasks).toContainText(/Due Apr 25, 2027\s*· follows Closing − 5 d/);
  await expect(page.getByText("closing Apr 30, 2027")).toBeVisible();

  // Only the moves the transition table allows are offered.
  const status = page.getByLabel("Status", { exact: true });
  await expect(status.locator("option")).toHaveText([
    "Draft (current)",
    "Move to active",
    "Move to cancelled",
  ]);
  await status.selectOption("ACTIVE");
  await page.getByRole("button", { name: "Change" }).click();
  await expect(status.locator("option")).toHaveText([
    "Active (current)",
    "Move to draft",
    "Move to under contract",
    "Move to cancelled",
  ]);

  const pdf = samplePdf();
  await page.getByLabel("Document type").selectOption("PURCHASE_AGREEMENT");
  await page
    .getByLabel("Upload documents")
    .setInputFiles({ name: "Offer 12 Harbour Road.pdf", mimeType: "application/pdf", buffer: pdf });
  const bar = page.getByRole("progressbar", { name: "Upload of Offer 12 Harbour Road.pdf" });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute("value", "100");
  await expect(page.getByRole("list", { name: "Uploads" })).toContainText("Uploaded");

  const table = page.getByRole("table", { name: "Documents" });
  const row = table.getByRole("row", { name: /Offer 12 Harbour Road\.pdf/ });
  await expect(row).toContainText("Purchase agreement");
  await expect(row).toContainText("PDF");
  await expect(row).toContainText("3 MB");
  await expect(row).toContainText("Tess Transactions");

  const downloadPromise = page.waitForEvent("download");
  await row.getByRole("link", { name: "Download Offer 12 Harbour Road.pdf" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("Offer 12 Harbour Road.pdf");
  const bytes = await readFile((await download.path())!);
  expect(bytes.length).toBe(pdf.length);
  expect(sha256(bytes)).toBe(sha256(pdf));

  // A file that isn't allowed is refused with a message next to it.
  await page.getByLabel("Upload documents").setInputFiles({
    name: "setup.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(70_000, 0x90)]),
  });
  await expect(page.getByRole("list", { name: "Uploads" }).getByRole("alert")).toContainText("isn't allowed");
});

// Requires app/api/documents/ to be excluded from proxy.ts's matcher: Next buffers (and cuts at 10 MB) the
// body of every request the proxy runs on.
test("an upload over 10 MB streams through to Storage and back intact", async ({ page }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("bigfile");
  await createAuthUser(email, "Bea Bigfile");
  await login(page, email);
  const slug = `txb-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Bigfile Realty");
  await page.getByLabel("Web address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/dashboard`));
  await page.goto(`/${slug}/transactions`, { waitUntil: "networkidle" });
  await page.getByRole("button", { name: "New transaction" }).click();
  await page.getByRole("dialog").getByLabel("Property address").fill("1 Large Lane");
  await page.getByRole("dialog").getByRole("button", { name: "Create transaction" }).click();
  await expect(page).toHaveURL(/\/transactions\/[0-9a-f-]{36}$/);
  const loopId = new URL(page.url()).pathname.split("/").pop()!;

  const pdf = Buffer.concat([
    Buffer.from("%PDF-1.4\n"),
    Buffer.alloc(20 * 1024 * 1024, "a"),
    Buffer.from("\n%%EOF\n"),
  ]);
  const res = await page.request.post(`/api/documents/${slug}/loops/${loopId}`, {
    headers: { "x-file-name": encodeURIComponent("Survey.pdf"), "content-type": "application/octet-stream" },
    data: pdf,
  });
  expect(res.status()).toBe(201);
  const { document } = (await res.json()) as { document: { id: string; sizeBytes: number } };
  expect(document.sizeBytes).toBe(pdf.length);
  const dl = await page.request.get(`/api/documents/${slug}/files/${document.id}`);
  expect(dl.status()).toBe(200);
  expect(sha256(await dl.body())).toBe(sha256(pdf));
});
