import { PageSkeleton } from "@/components/app-shell/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading notification settings" cards={0} rows={4} />;
}
