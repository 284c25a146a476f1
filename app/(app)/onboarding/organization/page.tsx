import type { Metadata } from "next";
import Link from "next/link";
import { CreateOrganizationForm } from "@/components/organizations/create-organization-form";
import { listUserOrganizations, requireAuth } from "@/lib/auth/guards";
import { requestBaseUrl } from "@/lib/request";

export const metadata: Metadata = { title: "Create your organization" };

export default async function OnboardingPage() {
  const user = await requireAuth("/onboarding/organization");
  const orgs = await listUserOrganizations(user);
  return (
    <div className="flex min-h-dvh items-center justify-center px-4 py-10">
      <main id="main" className="w-full max-w-lg rounded-lg border border-border bg-surface p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Set up your organization</h1>
        <p className="mb-4 mt-1 text-sm text-fg-muted">
          Welcome{user.name ? `, ${user.name}` : ""}! Create your team&apos;s workspace — you&apos;ll be its
          owner and can invite your agents next. Were you invited? Open the link from your invitation instead.
        </p>
        <CreateOrganizationForm baseUrl={await requestBaseUrl()} />
        {orgs.length > 0 && (
          <p className="mt-4 text-center text-sm text-fg-muted">
            Or go back to{" "}
            <Link
              className="text-accent underline-offset-2 hover:underline"
              href={`/${orgs[0]!.slug}/dashboard`}
            >
              {orgs[0]!.name}
            </Link>
          </p>
        )}
      </main>
    </div>
  );
}
