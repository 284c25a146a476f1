import Link from "next/link";
import { FilterForm } from "@/components/ui/filter-form";
import { Button, Input, Select, buttonClasses } from "@/components/ui";
import { LOOP_STATUS_LABELS, LOOP_STATUSES, type LoopScope } from "@/lib/modules/transactions/schemas";

const STATUS_OPTIONS = [
  { value: "OPEN", label: "Open" },
  { value: "ALL", label: "All statuses" },
  ...LOOP_STATUSES.map((s) => ({ value: s, label: LOOP_STATUS_LABELS[s] })),
];

const SCOPES: Array<{ scope: LoopScope; label: string }> = [
  { scope: "mine", label: "Mine" },
  { scope: "all", label: "All" },
];

/**
 * Whose transactions (mine: those I take part in, or all), the status filter and the address search, as links and
 * a plain GET form: works without JavaScript and keeps the URL shareable.
 */
export function LoopFilters({
  status,
  q,
  scope,
  scopeHref,
}: {
  status: string;
  q: string;
  scope: LoopScope;
  /** The list's URL with this scope and the other filters kept. */
  scopeHref: (scope: LoopScope) => string;
}) {
  return (
    <div className="mb-4 flex flex-col gap-3">
      <nav aria-label="Whose transactions" className="flex gap-1">
        {SCOPES.map((s) => (
          <Link
            key={s.scope}
            href={scopeHref(s.scope)}
            aria-current={s.scope === scope ? "page" : undefined}
            className={buttonClasses(s.scope === scope ? "primary" : "secondary", "sm")}
          >
            {s.label}
          </Link>
        ))}
      </nav>
      <FilterForm
        role="search"
        aria-label="Filter transactions"
        className="grid gap-3 sm:grid-cols-[14rem_1fr_auto] sm:items-end"
      >
        <input type="hidden" name="scope" value={scope} />
        <Select label="Status" name="status" defaultValue={status} options={STATUS_OPTIONS} />
        <Input
          label="Search by address"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="e.g. Harbour Road"
        />
        <Button type="submit" variant="secondary">
          Apply
        </Button>
      </FilterForm>
    </div>
  );
}
