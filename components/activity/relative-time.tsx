"use client";
import { useSyncExternalStore } from "react";
import { useLocalDateTime } from "@/components/crm/local-time";

// One shared clock for every relative timestamp on the page, ticking every 30 seconds.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
function subscribe(cb: () => void) {
  listeners.add(cb);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const l of listeners) l();
  }, 30_000);
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

export function formatRelative(iso: string, reference: number): string {
  const seconds = Math.round((new Date(iso).getTime() - reference) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export function RelativeTime({ iso }: { iso: string }) {
  const reference = useSyncExternalStore(
    subscribe,
    () => now,
    () => new Date(iso).getTime(),
  );
  const title = useLocalDateTime(iso);
  return (
    // The exact moment on hover, in the viewer's time zone once hydrated (UTC, said so, until then): the server's
    // toLocaleString() was UTC and the browser's local, a hydration mismatch for anyone not in UTC.
    <time dateTime={iso} title={title}>
      {formatRelative(iso, reference)}
    </time>
  );
}
