// How every component writes money, counts, dates and sizes: one locale (en-US), and UTC for calendar days, so
// the server and the browser render the same text.
const wholeDollars = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 0,
});
const count = new Intl.NumberFormat("en-US");
const day = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

/**
 * Whole dollars: "$450,000". List prices, deal values and pipeline sums are quoted in dollars; cents would
 * only add noise to a table or a board. A value that isn't a number is shown as it came.
 */
export function formatMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const n = Number(value);
  return Number.isFinite(n) ? wholeDollars.format(n) : String(value);
}

export const formatCount = (n: number) => count.format(n);

/** "1 deal", "1,200 contacts". */
export const plural = (n: number, one: string, many = `${one}s`) =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

export const personName = (
  p: { name: string | null; email?: string | null } | null | undefined,
  fallback = "Unassigned",
) => (p ? (p.name ?? p.email ?? "Former member") : fallback);

/** "2027-03-31" or an ISO timestamp → "Mar 31, 2027". */
export function formatDate(value: string | null): string {
  if (!value) return "—";
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? value : day.format(d);
}

/**
 * A moment, in the same words as formatDate: "Mar 31, 2027, 4:05 PM". In UTC (with "UTC" said) unless a time zone
 * is given — the browser passes its own once hydrated (components/crm/local-time.tsx).
 */
export function formatDateTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...(timeZone ? { timeZone } : { timeZone: "UTC", timeZoneName: "short" }),
  });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(Math.round((n / (1024 * 1024)) * 10) / 10).toString()} MB`;
}

/** Whether a date-only due date is before today (UTC). */
export function isOverdue(due: string | null, today = new Date().toISOString().slice(0, 10)): boolean {
  return due !== null && due < today;
}
