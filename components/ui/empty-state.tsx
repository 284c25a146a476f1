import type { ReactNode } from "react";

/** What a list shows when it has nothing yet: what this is and the one thing to do next. */
export function EmptyState({
  title,
  description,
  action,
}: {
  title: string;
  description: string;
  action?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-border bg-surface px-6 py-12 text-center">
      <h3 className="text-base font-semibold text-fg">{title}</h3>
      <p className="max-w-md text-sm text-fg-muted">{description}</p>
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
