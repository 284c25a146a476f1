// Display formatting shared by CRM components (the same output on the server and in the browser).
const money = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 0,
});
const moneyCents = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
});
const int = new Intl.NumberFormat("en-US");

export const formatMoney = (v: string | number | null | undefined, cents = false) =>
  v === null || v === undefined ? "—" : (cents ? moneyCents : money).format(Number(v));
export const formatCount = (n: number) => int.format(n);
export const plural = (n: number, one: string, many = `${one}s`) =>
  `${formatCount(n)} ${n === 1 ? one : many}`;
export const personName = (
  p: { name: string | null; email?: string | null } | null | undefined,
  fallback = "Unassigned",
) => (p ? (p.name ?? p.email ?? "Former member") : fallback);
