"use client";
// A date shown in the viewer's own time zone. The server renders UTC (and says so); the browser renders it again in
// local time after hydration, so the two never disagree during hydration.
import { useSyncExternalStore } from "react";
import { formatDate, formatDateTime } from "@/components/ui/format";

const subscribe = () => () => {};

/** False while the server renders and while the browser hydrates; true afterwards. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "Mar 31, 2027, 4:05 PM" in the viewer's time zone (UTC until hydrated). */
export function useLocalDateTime(iso: string): string {
  return formatDateTime(iso, useHydrated() ? localZone() : undefined);
}

export function LocalTime({
  iso,
  withTime = true,
  className,
}: {
  iso: string;
  withTime?: boolean;
  className?: string;
}) {
  const local = useHydrated();
  const text = withTime
    ? formatDateTime(iso, local ? localZone() : undefined)
    : local
      ? formatDate(new Date(iso).toLocaleDateString("en-CA"))
      : formatDate(iso);
  return (
    <time dateTime={iso} className={className}>
      {text}
    </time>
  );
}
