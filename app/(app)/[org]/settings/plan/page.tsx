import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { PlanPicker, type PlanInfo } from "@/components/organizations/plan-picker";
import { pageAccess, requireOrgPage } from "@/lib/auth/guards";
import { TIER_FEATURES, TIER_SEATS, TIERS, type Feature } from "@/lib/auth/permissions";
import { getSubscription } from "@/lib/modules/organizations";

export const metadata: Metadata = { title: "Plan" };

const FEATURE_NAMES: Record<Feature, string> = {
  organization: "Organization, members and roles",
  crm: "CRM: contacts, deals, bulk assign, CSV import",
  transactions: "Transaction loops and tasks",
  documents: "Encrypted transaction documents",
  activity: "Manager dashboard, live activity feed, audit log",
  audit_export: "Audit log CSV export",
};

export default async function PlanPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, `/${org}/settings/plan`);
  const { subscription, members } = await getSubscription(ctx);
  const plans: PlanInfo[] = TIERS.map((tier) => ({
    tier,
    name: tier.charAt(0) + tier.slice(1).toLowerCase(),
    features: TIER_FEATURES[tier].map((f) => FEATURE_NAMES[f]),
    seats: TIER_SEATS[tier] === null ? "Unlimited seats" : `Up to ${TIER_SEATS[tier]} seats`,
  }));
  const canChange = pageAccess(ctx, "plan:manage") === null;
  const status = subscription?.status ?? "ACTIVE";
  return (
    <>
      <PageHeader
        title="Plan"
        description={`${members} member${members === 1 ? "" : "s"} · ${status === "TRIALING" && subscription?.currentPeriodEnd ? `trial ends ${subscription.currentPeriodEnd.toLocaleDateString()}` : status.toLowerCase().replace("_", " ")}. No payment details are needed to switch plans.`}
      />
      {!canChange && <p className="mb-4 text-sm text-fg-muted">Only an owner can change the plan.</p>}
      <PlanPicker
        organization={ctx.organization.slug}
        plans={plans}
        current={subscription?.tier ?? "FREE"}
        canChange={canChange}
      />
    </>
  );
}
