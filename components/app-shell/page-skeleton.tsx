import { Skeleton, SkeletonRows } from "@/components/ui";

/** The loading state of an organization page: a header, then placeholder cards or rows. */
export function PageSkeleton({
  label,
  cards = 0,
  rows = 8,
}: {
  label: string;
  cards?: number;
  rows?: number;
}) {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-72" />
      </div>
      {cards > 0 && (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {Array.from({ length: cards }, (_, i) => (
            <Skeleton key={i} className="h-24" />
          ))}
        </div>
      )}
      <SkeletonRows rows={rows} label={label} />
    </div>
  );
}
