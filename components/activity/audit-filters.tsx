// The audit log's filters: a plain GET form, so the URL carries them (shareable, back button works).
import Link from "next/link";
import { FilterForm } from "@/components/ui/filter-form";
import { Button, buttonClasses, Input, Select } from "@/components/ui";
import type { ActivityActor } from "@/lib/modules/activity/schemas";
import { personName } from "@/components/ui/format";

const ENTITIES = [
  "contact",
  "deal",
  "loop",
  "task",
  "document",
  "member",
  "invitation",
  "organization",
  "subscription",
  "authorization",
];

export function AuditFilters({
  people,
  filter,
}: {
  people: ActivityActor[];
  filter: { actor?: string; action?: string; entity?: string; from?: string; to?: string };
}) {
  return (
    <FilterForm
      className="mb-4 grid gap-3 rounded-lg border border-border bg-surface p-3 sm:grid-cols-2 lg:grid-cols-6 lg:items-end"
      aria-label="Filter the audit log"
    >
      <Select
        label="Who"
        name="actor"
        defaultValue={filter.actor ?? ""}
        placeholder="Anyone"
        options={people.map((p) => ({ value: p.id, label: personName(p) }))}
      />
      <Input
        label="Action starts with"
        name="action"
        placeholder="e.g. contact."
        defaultValue={filter.action ?? ""}
      />
      <Select
        label="Entity"
        name="entity"
        defaultValue={filter.entity ?? ""}
        placeholder="Any"
        options={ENTITIES.map((e) => ({ value: e, label: e }))}
      />
      <Input label="From" type="date" name="from" defaultValue={filter.from ?? ""} />
      <Input label="To" type="date" name="to" defaultValue={filter.to ?? ""} />
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        <Link href="?" className={buttonClasses("ghost", "md")}>
          Clear
        </Link>
      </div>
    </FilterForm>
  );
}
