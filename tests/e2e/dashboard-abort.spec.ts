// Leaving the dashboard while it still streams must not crash anything on the server: the server's log (stdout and
// stderr of `next start`, captured by global-setup) gets no "uncaughtException"/"aborted"/ECONNRESET line.
import { readFileSync, statSync } from "node:fs";
import net from "node:net";
import { expect, test } from "@playwright/test";
import { SERVER_LOG } from "./support/global-setup";
import { createTeam, login } from "./support/fixtures";

test("navigating away from a streaming dashboard leaves the server log clean", async ({ browser }) => {
  const team = await createTeam("ELITE", { owner: ["OWNER", "Dana Dashboard"] });
  const start = statSync(SERVER_LOG).size;
  const page = await browser.newPage();
  await login(page, team.owner.email);
  for (const wait of [0, 20, 60, 150, 400]) {
    // a full load, abandoned mid-stream
    void page.goto(`/${team.slug}/dashboard`).catch(() => undefined);
    await page.waitForTimeout(wait);
    // When the dashboard's own navigation commits at that very moment, this one is "interrupted": go again.
    await expect(async () => {
      await page.goto("about:blank");
    }).toPass({ timeout: 15_000 });
    // a client-side navigation away while the page's RSC stream is in flight
    await page.goto(`/${team.slug}/crm`);
    await page.getByRole("link", { name: "Dashboard" }).first().click();
    await page.waitForTimeout(wait);
    await page.getByRole("link", { name: "Contacts" }).first().click();
  }
  // and a tab closed while the dashboard streams
  const other = await browser.newPage();
  await other.context().addCookies(await page.context().cookies());
  void other.goto(`/${team.slug}/dashboard`).catch(() => undefined);
  await other.waitForTimeout(100);
  await other.close();
  // The same with a request that carries a body (what a server action posts) on the connection: the browser closes
  // the connection while the dashboard before it still streams. (Pipelined on one socket so the POST is surely
  // still waiting for its answer when the connection goes.)
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const port = Number(process.env.E2E_PORT || 3210);
  for (const wait of [30, 60, 100, 150, 250, 400]) {
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        const head = (method: string, extra = "") =>
          `${method} /${team.slug}/dashboard HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\n${extra}`;
        socket.write(
          `${head("GET")}\r\n` +
            `${head("POST", `Origin: http://127.0.0.1:${port}\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 2\r\n`)}\r\n[]`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, wait);
      });
      socket.on("error", () => resolve());
    });
  }
  await page.waitForTimeout(3_000);
  const log = readFileSync(SERVER_LOG, "utf8").slice(start);
  expect(log).not.toMatch(/uncaughtException|ECONNRESET|Error: aborted/);
});
