import { PageSkeleton } from "@/components/app-shell/page-skeleton";

export default function MergeLoading() {
  return <PageSkeleton label="Loading both contacts" rows={6} />;
}
