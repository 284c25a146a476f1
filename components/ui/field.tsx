import { useId, type ReactNode } from "react";
import { cn } from "./cn";

export interface FieldProps {
  label: string;
  /** Server or validation error shown under the control and announced to screen readers. */
  error?: string;
  hint?: string;
  required?: boolean;
  className?: string;
  children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode;
}

/** Label + control + hint/error wired together with ids for assistive tech. */
export function Field({ label, error, hint, required, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-fg">
        {label}
        {required && (
          <span className="text-danger" aria-hidden="true">
            {" "}
            *
          </span>
        )}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <p id={hintId} className="text-xs text-fg-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

export const controlClasses = (invalid: boolean, extra?: string) =>
  cn(
    "w-full rounded-md border bg-surface px-3 text-sm text-fg placeholder:text-fg-muted/70",
    "disabled:cursor-not-allowed disabled:opacity-60",
    invalid ? "border-danger" : "border-border",
    extra,
  );
