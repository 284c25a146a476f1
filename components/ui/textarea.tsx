import { forwardRef, type TextareaHTMLAttributes } from "react";
import { controlClasses, Field, splitFieldProps, type FieldOwnProps } from "./field";

export interface TextareaProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">, FieldOwnProps {}

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaProps>(function Textarea(
  { rows = 4, ...props },
  ref,
) {
  const [field, rest] = splitFieldProps(props);
  return (
    <Field {...field}>
      {(control, invalid) => (
        <textarea ref={ref} rows={rows} {...control} className={controlClasses(invalid, "py-2")} {...rest} />
      )}
    </Field>
  );
});
