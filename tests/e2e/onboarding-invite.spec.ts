// Sign up → create the organization → invite a second person → they accept with their own new account
// and land in the organization with the invited role.
import { expect, test } from "@playwright/test";
import { PASSWORD, uniqueEmail } from "./support/fixtures";

test("sign up, onboard, invite a teammate who joins with the invited role", async ({ browser }) => {
  const ownerEmail = uniqueEmail("owner");
  const agentEmail = uniqueEmail("agent");
  const slug = `e2e-${Date.now().toString(36)}`;

  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await owner.goto("/");
  await owner.getByRole("link", { name: "Start free" }).click();
  await owner.getByLabel("Your name").fill("Olive Owner");
  await owner.getByLabel("Work email").fill(ownerEmail);
  await owner.getByLabel("Password").fill(PASSWORD);
  await owner.getByRole("button", { name: "Create account" }).click();

  await expect(owner).toHaveURL(/\/onboarding\/organization/);
  await owner.getByLabel("Organization name").fill("Lakeside Realty");
  await owner.getByLabel("Web address").fill(slug);
  await owner.getByRole("button", { name: "Create organization" }).click();
  await expect(owner).toHaveURL(new RegExp(`/${slug}/dashboard`));
  await expect(owner.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await owner.getByRole("link", { name: "Members" }).first().click();
  await owner.getByLabel("Email address").fill(agentEmail);
  await owner.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await owner.getByRole("button", { name: "Send invitation" }).click();
  const link = await owner.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  await expect(owner.getByRole("table", { name: "Pending invitations" })).toContainText(agentEmail);

  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await agent.goto(new URL(link).pathname);
  await expect(agent.getByText("Lakeside Realty")).toBeVisible();
  await agent.getByRole("link", { name: "Sign up" }).click();
  await agent.getByLabel("Your name").fill("Avery Agent");
  await agent.getByLabel("Work email").fill(agentEmail);
  await agent.getByLabel("Password").fill(PASSWORD);
  await agent.getByRole("button", { name: "Create account" }).click();

  await expect(agent).toHaveURL(/\/invite\//);
  await agent.getByRole("button", { name: "Join Lakeside Realty" }).click();
  await expect(agent).toHaveURL(new RegExp(`/${slug}/dashboard`));
  await expect(agent.getByRole("complementary").getByText("Viewer · Growth plan")).toBeVisible();

  // The owner sees the new member with the invited role.
  await owner.reload();
  const row = owner.getByRole("row", { name: new RegExp(agentEmail.replace(/[.+]/g, "\\$&")) });
  await expect(row.getByRole("combobox")).toHaveValue("VIEWER");

  // The owner promotes, then removes them (with a confirmation), and changes the plan.
  await row.getByRole("combobox").selectOption("MEMBER");
  await expect(owner.getByRole("status").filter({ hasText: "is now member" })).toBeVisible();
  await row.getByRole("button", { name: `Remove ${agentEmail}` }).click();
  const confirm = owner.getByRole("dialog", { name: "Remove member?" });
  await expect(confirm).toContainText(`${agentEmail} will lose access`);
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(owner.getByRole("table", { name: "Members" })).not.toContainText(agentEmail);
  await agent.reload();
  await expect(agent).toHaveURL(/\/onboarding\/organization/);

  await owner.getByRole("link", { name: "Plan" }).first().click();
  await owner.getByRole("button", { name: "Switch to Starter" }).click();
  await expect(owner.getByRole("status").filter({ hasText: "Starter plan" })).toBeVisible();
  await expect(owner.getByRole("complementary").getByText("Owner · Starter plan")).toBeVisible();

  await ownerContext.close();
  await agentContext.close();
});
