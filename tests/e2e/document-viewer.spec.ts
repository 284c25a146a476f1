// Reading documents in the browser (issue 12 item 6): a PDF opens in the app's viewer, drawn by pdf.js (its
// worker served by the app), with page navigation by button and keyboard; an image opens from a blob of the
// verified bytes; Escape closes, Download stays; a type the browser can't show safely offers only Download —
// all under the pages' CSP without a single violation or console message.
import { expect, test, type Page } from "@playwright/test";
import { createLoopInUi, signInWithNewOrganization, watch } from "./support/fixtures";
import { pdfDocument, pngImage } from "../../scripts/lib/sample-files";

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.getByLabel("Upload documents").setInputFiles({ name, mimeType, buffer });
  await expect(
    page.getByRole("table", { name: "Documents" }).getByRole("cell", { name, exact: true }),
  ).toBeVisible();
}

/** How many of the canvas's pixels are dark (what pdf.js drew: the page's black block and its text). */
const darkPixels = (page: Page, name: string) =>
  page.getByRole("img", { name }).evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 64 && data[i + 3]! > 200) dark++;
    return dark;
  });

test("PDFs and images open in the viewer under the CSP; other types only download", async ({ page }) => {
  test.setTimeout(120_000);
  const problems = await watch(page);
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  const slug = await signInWithNewOrganization(page, "viewer");

  await page.goto(`/${slug}/transactions`, { waitUntil: "networkidle" });
  await createLoopInUi(page, slug, "5 Viewer Street");

  await upload(page, "Inspection report.pdf", "application/pdf", pdfDocument(["First page", "Second page"]));
  await upload(page, "Front porch.png", "image/png", pngImage(64, 48, [200, 30, 30]));
  await upload(page, "Notes.txt", "text/plain", Buffer.from("Gate code 1234\n"));
  await upload(
    page,
    "Broken.pdf",
    "application/pdf",
    Buffer.from("%PDF-1.7\nnot a PDF after all\n", "latin1"),
  );
  const table = page.getByRole("table", { name: "Documents" });

  // A PDF: a loading state until its bytes arrive, page 1 drawn, then page 2 by button, back by keyboard;
  // Escape closes and focus returns to "View". (The route is held until the loading state has been seen.)
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    "**/files/*/view",
    async (route) => {
      await held;
      await route.continue();
    },
    { times: 1 },
  );
  const viewPdf = table.getByRole("button", { name: "View Inspection report.pdf" });
  await viewPdf.click();
  const viewer = page.getByRole("dialog", { name: "Inspection report.pdf" });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole("status", { name: "Opening the document" })).toBeVisible();
  release();
  const pageOne = "Page 1 of 2 of Inspection report.pdf";
  await expect(viewer.getByRole("img", { name: pageOne })).toBeVisible({ timeout: 20_000 });
  await expect(viewer.locator("[aria-busy]")).toHaveCount(0, { timeout: 20_000 });
  expect(await darkPixels(page, pageOne)).toBeGreaterThan(1000);
  // pdf.js parsed it in its worker: a script of the app's own build, from its own origin (no CDN, no blob).
  expect(workers.map((url) => new URL(url))).toEqual([
    expect.objectContaining({
      origin: new URL(page.url()).origin,
      pathname: expect.stringMatching(/^\/_next\/static\//),
    }),
  ]);
  await expect(viewer.getByRole("button", { name: "Previous page" })).toBeDisabled();
  await viewer.getByRole("button", { name: "Next page" }).click();
  await expect(viewer.getByText("Page 2 of 2", { exact: true })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Next page" })).toBeDisabled();
  await expect(viewer.locator("[aria-busy]")).toHaveCount(0);
  expect(await darkPixels(page, "Page 2 of 2 of Inspection report.pdf")).toBeGreaterThan(1000);
  await viewer.getByRole("button", { name: "Previous page" }).press("ArrowRight"); // already on the last page
  await expect(viewer.getByText("Page 2 of 2", { exact: true })).toBeVisible();
  await viewer.getByRole("button", { name: "Previous page" }).press("ArrowLeft");
  await expect(viewer.getByText("Page 1 of 2", { exact: true })).toBeVisible();
  const download = viewer.getByRole("link", { name: "Download Inspection report.pdf" });
  await expect(download).toHaveAttribute("href", /\/api\/documents\/[^/]+\/files\/[0-9a-f-]{36}$/);
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();
  await expect(viewPdf).toBeFocused();

  // An image: decoded from a blob of the verified bytes, at its own size.
  await table.getByRole("button", { name: "View Front porch.png" }).click();
  const imageViewer = page.getByRole("dialog", { name: "Front porch.png" });
  const image = imageViewer.getByRole("img", { name: "Front porch.png" });
  await expect(image).toBeVisible();
  await expect(image).toHaveAttribute("src", /^blob:/);
  expect(await image.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([
    64, 48,
  ]);
  await expect(imageViewer.getByRole("link", { name: "Download Front porch.png" })).toBeVisible();
  await imageViewer.getByRole("button", { name: "Close" }).click();
  await expect(imageViewer).toBeHidden();

  // A file that only claims to be a PDF: an error the reader understands, and Download is still offered.
  await table.getByRole("button", { name: "View Broken.pdf" }).click();
  const broken = page.getByRole("dialog", { name: "Broken.pdf" });
  await expect(broken.getByRole("alert")).toHaveText(
    "We couldn't open this document. Try again, or download it.",
  );
  await expect(broken.getByRole("link", { name: "Download Broken.pdf" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(broken).toBeHidden();

  // Plain text isn't offered inline: Download only, and the view route refuses it.
  await expect(table.getByRole("button", { name: "View Notes.txt" })).toHaveCount(0);
  await expect(table.getByRole("link", { name: "Download Notes.txt" })).toBeVisible();
  const textHref = await table.getByRole("link", { name: "Download Notes.txt" }).getAttribute("href");
  expect((await page.request.get(`${textHref}/view`)).status()).toBe(415);

  // What the viewer reads is the sandboxed attachment a download is: opened directly, nothing renders.
  const pdfHref = await table
    .getByRole("link", { name: "Download Inspection report.pdf" })
    .getAttribute("href");
  const bytes = await page.request.get(`${pdfHref}/view`);
  expect(bytes.status()).toBe(200);
  expect(bytes.headers()).toMatchObject({
    "content-type": "application/pdf",
    "content-security-policy": "default-src 'none'; sandbox",
    "x-content-type-options": "nosniff",
    "cross-origin-resource-policy": "same-origin",
  });
  expect(bytes.headers()["content-disposition"]).toMatch(/^attachment;/);

  expect(problems).toEqual([]);
});
