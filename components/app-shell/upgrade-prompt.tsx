import Link from "next/link";
import { buttonClasses, Card } from "@/components/ui";

/** Shown instead of a feature the plan lacks: what it needs and who can upgrade. */
export function UpgradePrompt({
  feature,
  requiredTier,
  canUpgrade,
  planHref,
}: {
  feature: string;
  requiredTier: string | null;
  canUpgrade: boolean;
  planHref: string;
}) {
  const tierName = requiredTier ? requiredTier.charAt(0) + requiredTier.slice(1).toLowerCase() : "a higher";
  return (
    <Card className="mx-auto max-w-xl text-center" aria-labelledby="upgrade-title">
      <h2 id="upgrade-title" className="text-lg font-semibold">
        {feature} is on the {tierName} plan
      </h2>
      <p className="mt-2 text-sm text-fg-muted">
        {canUpgrade
          ? `Upgrade to ${tierName} to unlock it for your whole team.`
          : `Ask an owner of your organization to upgrade to ${tierName}.`}
      </p>
      {canUpgrade && (
        <Link href={planHref} className={buttonClasses("primary", "md", "mt-4")}>
          See plans
        </Link>
      )}
    </Card>
  );
}

/** Shown when the plan has the feature but the person's role doesn't allow it. */
export function NoPermission({ message }: { message: string }) {
  return (
    <Card className="mx-auto max-w-xl text-center" role="alert">
      <h2 className="text-lg font-semibold">You don&apos;t have access to this</h2>
      <p className="mt-2 text-sm text-fg-muted">{message}</p>
    </Card>
  );
}
