// Account basics in the browser: "Forgot password?" → the link from the outbox → a new password → log in with it;
// the profile page's name change shows in the shell's user menu at once; an email change confirmed by its link.
import { expect, test } from "@playwright/test";
import { createTeam, login, PASSWORD, uniqueEmail } from "./support/fixtures";
import { lastMailTo, mailsTo } from "./support/outbox";

test("forgot password: the mailed link sets a new password, which then logs in", async ({ page }) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Rita Recover"] });
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password/);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(team.owner.email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText(`If an account uses ${team.owner.email}`);

  const mail = await lastMailTo(team.owner.email);
  await page.goto(mail.link);
  await expect(page).toHaveURL(/\/reset-password#main$/);
  await page.waitForLoadState("networkidle");
  await page.getByRole("textbox", { name: "New password", exact: true }).fill("brand-new-password-1");
  await page.getByLabel("Repeat the new password").fill("brand-new-password-1");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.slug}/dashboard`));

  // the recovery link was used up
  await page.goto(mail.link);
  await expect(page).toHaveURL(/\/forgot-password\?reason=link-invalid/);

  await page.context().clearCookies();
  await page.goto("/login", { waitUntil: "networkidle" });
  await page.getByLabel("Email").fill(team.owner.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText("Email or password is incorrect.").first()).toBeVisible();
  await login(page, team.owner.email, "brand-new-password-1");
  await expect(page).toHaveURL(new RegExp(`/${team.slug}/dashboard`));
});

test("forgot password says the same for an address without an account, and mails nobody", async ({
  page,
}) => {
  const nobody = uniqueEmail("nobody");
  await page.goto("/forgot-password", { waitUntil: "networkidle" });
  await page.getByLabel("Email").fill(nobody);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText(`If an account uses ${nobody}`);
  await page.waitForTimeout(500);
  expect(mailsTo(nobody)).toEqual([]);
});

test("the profile page: a new name shows in the shell, the password needs the current one, the email changes by link", async ({
  page,
}) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Paula Profile"] });
  await login(page, team.owner.email);
  const menu = page.getByRole("complementary").getByTestId("user-menu");
  await expect(menu).toContainText("Paula Profile");
  await page.getByRole("complementary").getByRole("link", { name: "Your profile" }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.slug}/settings/profile`));
  await page.waitForLoadState("networkidle");

  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Morgan Renamed");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(menu).toContainText("Morgan Renamed");
  await expect(page.getByRole("complementary").getByTestId("avatar")).toHaveText("MR");

  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByRole("textbox", { name: "New password", exact: true }).fill("another-password-2");
  await page.getByLabel("Repeat the new password").fill("another-password-2");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your current password is incorrect.").first()).toBeVisible();
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText(/Password changed/).first()).toBeVisible();

  const next = uniqueEmail("moved");
  await page.getByLabel("New email").fill(next);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText(`We sent a confirmation link to ${next}`)).toBeVisible();
  const mail = await lastMailTo(next);
  await page.goto(mail.link);
  await expect(page).toHaveURL(new RegExp(`/${team.slug}/settings/profile\\?email=changed#main$`));
  await expect(page.getByText("Your email address is confirmed and changed.")).toBeVisible();
  await expect(menu).toContainText(next);

  await page.context().clearCookies();
  await login(page, next, "another-password-2");
  await expect(page).toHaveURL(new RegExp(`/${team.slug}/dashboard`));
});
