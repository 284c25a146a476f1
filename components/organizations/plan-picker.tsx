"use client";
import { Badge, Button, Card, cn } from "@/components/ui";
import { useRunAction } from "@/components/forms/use-run-action";
import { changePlanAction } from "@/lib/modules/organizations/actions/change-plan";

export interface PlanInfo {
  tier: "FREE" | "STARTER" | "GROWTH" | "ELITE" | "ENTERPRISE";
  name: string;
  features: string[];
  seats: string;
}

export function PlanPicker({
  organization,
  plans,
  current,
  canChange,
}: {
  organization: string;
  plans: PlanInfo[];
  current: string;
  canChange: boolean;
}) {
  const { run, pending } = useRunAction();
  return (
    <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {plans.map((p) => {
        const active = p.tier === current;
        return (
          <li key={p.tier}>
            <Card className={cn("flex h-full flex-col gap-3", active && "border-accent ring-1 ring-accent")}>
              <div className="flex items-center justify-between">
                <h2 className="text-lg font-semibold">{p.name}</h2>
                {active && <Badge tone="accent">Current plan</Badge>}
              </div>
              <p className="text-sm text-fg-muted">{p.seats}</p>
              <ul className="flex-1 list-disc pl-5 text-sm">
                {p.features.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
              {canChange && !active && (
                <Button
                  variant="secondary"
                  pending={pending}
                  onClick={() =>
                    run(() => changePlanAction({ organization, tier: p.tier }), {
                      success: `You're now on the ${p.name} plan`,
                    })
                  }
                >
                  Switch to {p.name}
                </Button>
              )}
            </Card>
          </li>
        );
      })}
    </ul>
  );
}
