"use client";
// A date shown in the viewer's own time zone. The server renders UTC; the browser re-renders in local time.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function LocalTime({
  iso,
  withTime = true,
  className,
}: {
  iso: string;
  withTime?: boolean;
  className?: string;
}) {
  const local = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const d = new Date(iso);
  const text = d.toLocaleString("en-US", {
    month: "short",
    day: "numeric",
    year: "numeric",
    ...(withTime ? { hour: "numeric", minute: "2-digit" } : {}),
    ...(local ? {} : { timeZone: "UTC", timeZoneName: withTime ? "short" : undefined }),
  });
  return (
    <time dateTime={iso} className={className}>
      {text}
    </time>
  );
}
