import { forwardRef, type InputHTMLAttributes } from "react";
import { controlClasses, Field, splitFieldProps, type FieldOwnProps } from "./field";

export interface InputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id">, FieldOwnProps {}

export const Input = forwardRef<HTMLInputElement, InputProps>(function Input(props, ref) {
  const [field, rest] = splitFieldProps(props);
  return (
    <Field {...field}>
      {(control, invalid) => (
        <input ref={ref} {...control} className={controlClasses(invalid, "h-10")} {...rest} />
      )}
    </Field>
  );
});
