import { forwardRef, type SelectHTMLAttributes } from "react";
import { controlClasses, Field, splitFieldProps, type FieldOwnProps } from "./field";

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">, FieldOwnProps {
  options: readonly SelectOption[];
  /** Adds a first, empty option with this text. */
  placeholder?: string;
}

export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select(
  { options, placeholder, ...props },
  ref,
) {
  const [field, rest] = splitFieldProps(props);
  return (
    <Field {...field}>
      {(control, invalid) => (
        <select ref={ref} {...control} className={controlClasses(invalid, "h-10")} {...rest}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
});
