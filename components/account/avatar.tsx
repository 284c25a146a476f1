import { initialsOf } from "@/lib/modules/account/schemas";
import { cn } from "@/components/ui";

/** The person's initials in a circle (the shell's user menu and the profile page). */
export function Avatar({
  name,
  email,
  className,
}: {
  name: string | null;
  email: string;
  className?: string;
}) {
  return (
    <span
      aria-hidden="true"
      data-testid="avatar"
      className={cn(
        "flex size-9 shrink-0 items-center justify-center rounded-full bg-accent/15 text-sm font-semibold text-accent",
        className,
      )}
    >
      {initialsOf(name, email)}
    </span>
  );
}
