import { useId, type ReactNode } from "react";
import { cn } from "./cn";

/** What Field needs from a control's props; the rest go to the control element. */
export interface FieldOwnProps {
  label: string;
  /** Server or validation error shown under the control and announced to screen readers. */
  error?: string;
  hint?: string;
  required?: boolean;
  className?: string;
}

/** The attributes that tie a control to its label, hint and error. */
export interface ControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
  required?: boolean;
}

export interface FieldProps extends FieldOwnProps {
  children: (control: ControlProps, invalid: boolean) => ReactNode;
}

/** Label + control + hint/error wired together with ids for assistive tech. */
export function Field({ label, error, hint, required, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const invalid = Boolean(error);
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
      {children(
        { id, "aria-invalid": invalid || undefined, "aria-describedby": describedBy, required },
        invalid,
      )}
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

/** Splits a control's props into Field's and the element's. */
export function splitFieldProps<P extends FieldOwnProps>({
  label,
  error,
  hint,
  required,
  className,
  ...rest
}: P): [FieldOwnProps, Omit<P, keyof FieldOwnProps>] {
  return [{ label, error, hint, required, className }, rest];
}

export const controlClasses = (invalid: boolean, extra?: string) =>
  cn(
    "w-full rounded-md border bg-surface px-3 text-sm text-fg placeholder:text-fg-muted/70",
    "disabled:cursor-not-allowed disabled:opacity-60",
    invalid ? "border-danger" : "border-border",
    extra,
  );
