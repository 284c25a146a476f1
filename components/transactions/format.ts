// Kept for the pages under app/ that import this path; components import @/components/ui/format.
export { formatBytes, formatDate, formatMoney, isOverdue } from "@/components/ui/format";
