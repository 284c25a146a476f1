import { redirect } from "next/navigation";
import { listUserOrganizations, requireAuth } from "@/lib/auth/guards";

// /app: where "home" is for a signed-in user — their first organization, or onboarding.
export default async function AppHome() {
  const user = await requireAuth("/app");
  const orgs = await listUserOrganizations(user);
  redirect(orgs[0] ? `/${orgs[0].slug}/dashboard` : "/onboarding/organization");
}
