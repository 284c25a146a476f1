// Kept for the pages under app/ that import this path; components import @/components/ui/format.
export { formatCount, formatMoney, personName, plural } from "@/components/ui/format";
