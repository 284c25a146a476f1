import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

/** A scrollable table with a sticky header; `label` names it for screen readers. */
export function Table({
  label,
  className,
  children,
  ...rest
}: HTMLAttributes<HTMLTableElement> & { label: string }) {
  return (
    <div className="relative max-h-[70vh] overflow-auto rounded-lg border border-border bg-surface">
      <table
        aria-label={label}
        className={cn("w-full border-collapse text-left text-sm", className)}
        {...rest}
      >
        {children}
      </table>
    </div>
  );
}

export function THead({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn("sticky top-0 z-10 bg-surface-muted", className)} {...rest} />;
}

export function TBody(props: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody {...props} />;
}

export function Tr({ className, ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("border-t border-border first:border-t-0", className)} {...rest} />;
}

export function Th({ className, scope = "col", ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope={scope}
      className={cn("px-3 py-2 text-xs font-semibold uppercase tracking-wide text-fg-muted", className)}
      {...rest}
    />
  );
}

export function Td({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("px-3 py-2 align-middle", className)} {...rest} />;
}
