import { PageSkeleton } from "@/components/app-shell/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading the audit log" cards={0} rows={10} />;
}
