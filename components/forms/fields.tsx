"use client";
// Fields bound to a react-hook-form form: the design system's Input, Select and Textarea (label, required
// marker, hint, aria-invalid/aria-describedby) registered under `name`, showing that field's error — from
// the zod schema in the browser or from the server's field errors — as the form's state has it.
import {
  get,
  useFormState,
  type FieldError,
  type FieldPath,
  type FieldValues,
  type RegisterOptions,
  type UseFormReturn,
} from "react-hook-form";
import {
  Checkbox,
  Input,
  Select,
  Textarea,
  type CheckboxProps,
  type InputProps,
  type SelectProps,
  type TextareaProps,
} from "@/components/ui";

export interface BoundFieldProps<T extends FieldValues> {
  form: UseFormReturn<T>;
  name: FieldPath<T>;
  /** Extra register options, e.g. an onChange that derives another field from this one. */
  registerOptions?: RegisterOptions<T, FieldPath<T>>;
}

/** What the form supplies, so a bound field doesn't take it as a prop. */
type FormOwned = "form" | "name" | "error" | "value" | "defaultValue" | "onChange" | "onBlur";

function useBoundField<T extends FieldValues>({ form, name, registerOptions }: BoundFieldProps<T>) {
  // Subscribes to this field's error only: typing in one field doesn't re-render the others.
  const { errors } = useFormState({ control: form.control, name });
  const error = get(errors, name) as FieldError | undefined;
  return { ...form.register(name, registerOptions), error: error?.message };
}

/** A text, email, password, date, datetime-local or amount input (`type`, `inputMode` as for <input>). */
export function FormInput<T extends FieldValues>({
  form,
  name,
  registerOptions,
  ...props
}: BoundFieldProps<T> & Omit<InputProps, FormOwned>) {
  return <Input {...props} {...useBoundField({ form, name, registerOptions })} />;
}

export function FormSelect<T extends FieldValues>({
  form,
  name,
  registerOptions,
  ...props
}: BoundFieldProps<T> & Omit<SelectProps, FormOwned>) {
  return <Select {...props} {...useBoundField({ form, name, registerOptions })} />;
}

export function FormTextarea<T extends FieldValues>({
  form,
  name,
  registerOptions,
  ...props
}: BoundFieldProps<T> & Omit<TextareaProps, FormOwned>) {
  return <Textarea {...props} {...useBoundField({ form, name, registerOptions })} />;
}

/** A checkbox bound to a boolean field (or, with `value`, one of an array field's choices). */
export function FormCheckbox<T extends FieldValues>({
  form,
  name,
  registerOptions,
  ...props
}: BoundFieldProps<T> & Omit<CheckboxProps, Exclude<FormOwned, "value">>) {
  return <Checkbox {...props} {...form.register(name, registerOptions)} />;
}

/**
 * A form seen through a narrower shape, so create and edit share one set of fields: the edit form's values
 * (the create form's plus id, version, …) extend the fields'. `fieldsOf<Fields, T>(form)`.
 */
export function fieldsOf<TFields extends FieldValues, T extends TFields>(form: UseFormReturn<T>) {
  return form as unknown as UseFormReturn<TFields>;
}
