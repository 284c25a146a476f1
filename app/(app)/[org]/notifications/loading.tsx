import { PageSkeleton } from "@/components/app-shell/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading notifications" cards={0} rows={6} />;
}
