import { PageSkeleton } from "@/components/app-shell/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading plans" cards={3} rows={2} />;
}
