import { forwardRef, useId, type InputHTMLAttributes } from "react";
import { cn } from "./cn";

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type"> {
  label: string;
  /** A line under the label saying what it changes. */
  hint?: string;
  /** A setting that takes effect at once (role="switch"), rather than a choice in a form. */
  switch?: boolean;
}

/** A checkbox with its label (and hint) to the right, the whole row clickable. */
export const Checkbox = forwardRef<HTMLInputElement, CheckboxProps>(function Checkbox(
  { label, hint, switch: isSwitch, className, ...rest },
  ref,
) {
  const id = useId();
  return (
    <div className={cn("flex items-start gap-2", className)}>
      <input
        ref={ref}
        id={id}
        type="checkbox"
        role={isSwitch ? "switch" : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 shrink-0 accent-accent disabled:cursor-not-allowed"
        {...rest}
      />
      <div className="flex flex-col">
        <label htmlFor={id} className="text-sm font-medium text-fg">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-fg-muted">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
});
