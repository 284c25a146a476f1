"use client";
// A modal built on the native <dialog> element: focus is trapped by the browser and returns to the opener
// on close, Escape closes it.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { cn } from "./cn";

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  children: ReactNode;
  footer?: ReactNode;
  /** "wide" for content that needs the room (the document viewer). */
  size?: "default" | "wide";
  className?: string;
}

export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  size = "default",
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();

  useEffect(() => {
    const el = ref.current;
    if (!el || !open) return;
    // Browsers return focus on close(), but not when an open dialog is unmounted (a dialog rendered only
    // while it is needed), so the opener is remembered and focused again either way.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!el.open) el.showModal();
    return () => {
      if (el.open) el.close();
      if (opener?.isConnected && document.activeElement !== opener) opener.focus();
    };
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // click on the backdrop
      }}
      className={cn(
        "m-auto rounded-lg border border-border bg-surface p-0 text-fg shadow-xl",
        // Dark mode needs a much darker veil than light mode for the page behind to read as dimmed.
        "backdrop:bg-black/50 dark:backdrop:bg-black/75",
        size === "wide" ? "w-[min(64rem,calc(100vw-2rem))]" : "w-[min(36rem,calc(100vw-2rem))]",
        className,
      )}
    >
      {open && (
        <div className="flex flex-col gap-4 p-5">
          <header>
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            {description && (
              <p id={descId} className="text-sm text-fg-muted">
                {description}
              </p>
            )}
          </header>
          <div>{children}</div>
          {footer && <footer className="flex justify-end gap-2">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
