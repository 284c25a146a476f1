/** One labelled value of a record's details card (a contact's, a deal's), inside a <dl>. */
export function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs font-medium uppercase tracking-wide text-fg-muted">{label}</dt>
      <dd className="break-words text-sm">{children}</dd>
    </div>
  );
}
