"use client";
// Toasts for the result of every action: polite announcements for success, assertive for errors.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";

export type ToastTone = "success" | "error" | "info";
interface ToastItem {
  id: number;
  tone: ToastTone;
  message: string;
}
interface ToastApi {
  /** Shows a toast; returns its id (for dismiss). */
  show: (message: string, tone?: ToastTone) => number;
  success: (message: string) => void;
  error: (message: string) => void;
  /** Removes a toast before its time, e.g. an error a later attempt superseded. */
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setItems((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (message: string, tone: ToastTone = "info") => {
      const id = nextId.current++;
      setItems((all) => [...all.slice(-3), { id, tone, message }]);
      setTimeout(() => dismiss(id), tone === "error" ? 8000 : 4000);
      return id;
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({ show, success: (m) => void show(m, "success"), error: (m) => void show(m, "error"), dismiss }),
    [show, dismiss],
  );
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:items-end">
        <div role="status" aria-live="polite" className="contents">
          {items
            .filter((t) => t.tone !== "error")
            .map((t) => (
              <ToastView key={t.id} item={t} onDismiss={dismiss} />
            ))}
        </div>
        <div role="alert" aria-live="assertive" className="contents">
          {items
            .filter((t) => t.tone === "error")
            .map((t) => (
              <ToastView key={t.id} item={t} onDismiss={dismiss} />
            ))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

function ToastView({ item, onDismiss }: { item: ToastItem; onDismiss: (id: number) => void }) {
  return (
    <div
      className={cn(
        "pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-md border bg-surface px-4 py-3 text-sm shadow-lg",
        item.tone === "error"
          ? "border-danger/40"
          : item.tone === "success"
            ? "border-success/40"
            : "border-border",
      )}
    >
      <span
        className={cn(
          "mt-1 size-2 shrink-0 rounded-full",
          item.tone === "error" ? "bg-danger" : item.tone === "success" ? "bg-success" : "bg-accent",
        )}
        aria-hidden="true"
      />
      <p className="flex-1 text-fg">{item.message}</p>
      <button
        type="button"
        className="text-fg-muted hover:text-fg"
        onClick={() => onDismiss(item.id)}
        aria-label="Dismiss notification"
      >
        ×
      </button>
    </div>
  );
}

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error("useToast must be used inside <ToastProvider>");
  return ctx;
}
