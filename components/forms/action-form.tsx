"use client";
// The <form> of every form that runs a server action through useActionForm: the browser's own validation
// bubbles off (zod's messages show instead), and after a submit that failed, focus goes to the first invalid
// field in reading order, whether the error came from the schema, the server or a custom control.
import { useEffect, useRef, type BaseSyntheticEvent, type ReactNode } from "react";
import { useFormState, type FieldValues, type UseFormReturn } from "react-hook-form";

export interface ActionFormProps<T extends FieldValues> {
  form: UseFormReturn<T>;
  onSubmit: (event?: BaseSyntheticEvent) => Promise<void>;
  /** The form's accessible name. */
  label: string;
  className?: string;
  children: ReactNode;
}

export function ActionForm<T extends FieldValues>({
  form,
  onSubmit,
  label,
  className,
  children,
}: ActionFormProps<T>) {
  const ref = useRef<HTMLFormElement>(null);
  // submitCount grows when a submit has finished, in the same update that publishes its errors.
  const { submitCount } = useFormState({ control: form.control });
  useEffect(() => {
    if (submitCount === 0) return;
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [submitCount]);
  return (
    <form ref={ref} onSubmit={onSubmit} noValidate aria-label={label} className={className}>
      {children}
    </form>
  );
}
