// A suspended account (global role SUSPENDED) is signed out with a clear message, on its next request.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { createAuthUser, login, stackEnv, uniqueEmail } from "./support/fixtures";

test("a suspended user is signed out with a message and can't get back in", async ({ page }) => {
  const email = uniqueEmail("susp");
  const user = await createAuthUser(email, "Sue Spended");
  await login(page, email); // first request creates the users row lazily → onboarding
  await expect(page).toHaveURL(/\/onboarding\/organization/);

  const db = new pg.Client({ connectionString: stackEnv().DATABASE_URL });
  await db.connect();
  await db.query("update public.users set global_role = 'SUSPENDED' where id = $1", [user.id]);
  await db.end();

  await page.goto("/app");
  await expect(page).toHaveURL(/\/login\?reason=suspended/);
  await expect(page.getByRole("status")).toContainText("Your account is suspended");
  // the session cookie is gone: protected pages ask to log in again
  await page.goto("/onboarding/organization");
  await expect(page).toHaveURL(/\/login\?next=/);
});
