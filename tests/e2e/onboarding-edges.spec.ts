// Onboarding and invitations, as a new user meets them: the web address field shows the real link, an error fixed
// on the next try doesn't follow onto the dashboard, re-inviting says it withdraws the pending invitation, and the
// invitation's sign-up comes with the invited address filled in.
import { expect, test } from "@playwright/test";
import { createAuthUser, createTeam, login, uniqueEmail } from "./support/fixtures";

test("a taken web address is fixed in place and its error doesn't follow onto the dashboard", async ({
  page,
}) => {
  const taken = await createTeam("GROWTH", { owner: ["OWNER", "Tess Taken"] });
  const email = uniqueEmail("onboard");
  await createAuthUser(email, "Nina New");
  await login(page, email);
  await expect(page).toHaveURL(/\/onboarding\/organization/);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Organization name").fill("Harbor Homes");
  const field = page.getByLabel("Web address");
  await expect(field).toHaveValue("harbor-homes");
  const origin = new URL(page.url()).origin;
  await expect(page.getByText(`Your team's link: ${origin}/harbor-homes`)).toBeVisible();

  await field.fill(taken.slug);
  await expect(page.getByText(`Your team's link: ${origin}/${taken.slug}`)).toBeVisible();
  await page.getByRole("button", { name: "Create organization" }).click();
  const toast = page.getByRole("alert").filter({
    hasText: "That web address is already taken.",
    has: page.getByRole("button", { name: "Dismiss notification" }),
  });
  await expect(toast).toBeVisible();
  await expect(field).toHaveAccessibleDescription(/already taken — try another/);

  const slug = `harbor-${Date.now().toString(36)}`;
  await field.fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/dashboard`));
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("That web address is already taken.")).toHaveCount(0);
});

test("re-inviting says it withdraws the pending invitation; the invitee's sign-up has their address", async ({
  page,
  browser,
}) => {
  const team = await createTeam("GROWTH", { owner: ["OWNER", "Owen Owner"] });
  const invitee = uniqueEmail("invitee");
  await login(page, team.owner.email);
  await page.goto(`/${team.slug}/settings/members`);
  const emailField = page.getByLabel("Email address");
  await emailField.fill(invitee);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Invitation created for ${invitee}` }),
  ).toBeVisible();
  const firstLink = await page.getByLabel("Invitation link").inputValue();

  await emailField.fill(invitee);
  await expect(emailField).toHaveAccessibleDescription(/Already invited: sending a new invitation withdraws/);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "The earlier invitation to this address was withdrawn" }),
  ).toBeVisible();
  const secondLink = await page.getByLabel("Invitation link").inputValue();
  expect(secondLink).not.toBe(firstLink);

  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(new URL(firstLink).pathname);
  await expect(guest.getByRole("alert").filter({ hasText: "withdrawn" })).toBeVisible();
  await guest.goto(new URL(secondLink).pathname);
  await guest.getByRole("link", { name: "Sign up" }).click();
  await expect(guest.getByLabel("Work email")).toHaveValue(invitee);
  await context.close();
});
