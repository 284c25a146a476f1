import { Button, Input, Select } from "@/components/ui";
import { LOOP_STATUS_LABELS, LOOP_STATUSES } from "@/lib/modules/transactions/schemas";

const STATUS_OPTIONS = [
  { value: "OPEN", label: "Open" },
  { value: "ALL", label: "All statuses" },
  ...LOOP_STATUSES.map((s) => ({ value: s, label: LOOP_STATUS_LABELS[s] })),
];

/** Status filter and address search as a plain GET form: works without JavaScript and keeps the URL shareable. */
export function LoopFilters({ status, q }: { status: string; q: string }) {
  return (
    <form
      method="get"
      role="search"
      aria-label="Filter transactions"
      className="mb-4 grid gap-3 sm:grid-cols-[14rem_1fr_auto] sm:items-end"
    >
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
    </form>
  );
}
