"use client";
// A list's filters as a GET form that applies as you change them, like the contacts list: a select or date at
// once, typed text after a pause. The URL carries the filters (shareable, back button works); without JavaScript
// the form still submits with its button.
import { usePathname, useRouter } from "next/navigation";
import { useRef, type ComponentProps, type FormEvent } from "react";

const TYPING_PAUSE_MS = 350;

export function FilterForm(props: Omit<ComponentProps<"form">, "method" | "onChange" | "onSubmit">) {
  const router = useRouter();
  const pathname = usePathname();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const apply = (form: HTMLFormElement) => {
    if (timer.current) clearTimeout(timer.current);
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form))
      if (typeof value === "string" && value !== "") params.set(key, value);
    const query = params.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  const onChange = (e: FormEvent<HTMLFormElement>) => {
    const target = e.target as HTMLInputElement;
    const form = e.currentTarget;
    if (timer.current) clearTimeout(timer.current);
    if (target.tagName === "INPUT" && (target.type === "search" || target.type === "text")) {
      timer.current = setTimeout(() => apply(form), TYPING_PAUSE_MS);
    } else {
      apply(form);
    }
  };
  return (
    <form
      {...props}
      method="get"
      onChange={onChange}
      onSubmit={(e) => {
        e.preventDefault();
        apply(e.currentTarget);
      }}
    />
  );
}
