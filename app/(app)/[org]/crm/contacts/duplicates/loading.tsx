import { PageSkeleton } from "@/components/app-shell/page-skeleton";

export default function DuplicatesLoading() {
  return <PageSkeleton label="Looking for likely duplicates" rows={6} />;
}
