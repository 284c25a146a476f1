import { PageSkeleton } from "@/components/app-shell/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading members" cards={0} rows={6} />;
}
