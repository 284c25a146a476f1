import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationButton } from "@/components/organizations/accept-invitation-button";
import { buttonClasses } from "@/components/ui";
import { getCurrentUser } from "@/lib/auth/current-user";
import { findInvitation } from "@/lib/modules/organizations";

export const metadata: Metadata = { title: "Invitation" };

const STATE_MESSAGES = {
  accepted: "This invitation has already been used.",
  revoked: "This invitation was withdrawn. Ask whoever invited you for a new one.",
  expired: "This invitation has expired. Ask whoever invited you for a new one.",
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([findInvitation(token), getCurrentUser()]);
  const here = `/invite/${token}`;
  let body: React.ReactNode;
  if (!invitation) {
    body = (
      <p role="alert">
        This invitation link is not valid. Check that you copied the whole link, or ask for a new one.
      </p>
    );
  } else if (invitation.state !== "pending") {
    body = <p role="alert">{STATE_MESSAGES[invitation.state]}</p>;
  } else if (!user) {
    body = (
      <div className="flex flex-col gap-3">
        <p>
          {invitation.inviter?.name ?? invitation.inviter?.email ?? "Someone"} invited{" "}
          <strong>{invitation.email}</strong> to join <strong>{invitation.organization.name}</strong> as{" "}
          {invitation.role.toLowerCase()}.
        </p>
        <p className="text-sm text-fg-muted">Create an account with that address, or log in, to accept.</p>
        <div className="flex gap-2">
          <Link
            className={buttonClasses("primary", "md")}
            href={`/signup?${new URLSearchParams({ next: here, email: invitation.email })}`}
          >
            Sign up
          </Link>
          <Link className={buttonClasses("secondary", "md")} href={`/login?next=${encodeURIComponent(here)}`}>
            Log in
          </Link>
        </div>
      </div>
    );
  } else {
    const mismatch = user.email.toLowerCase() !== invitation.email;
    body = (
      <div className="flex flex-col gap-3">
        <p>
          Join <strong>{invitation.organization.name}</strong> as {invitation.role.toLowerCase()}.
        </p>
        {mismatch ? (
          <p role="alert" className="text-sm text-danger">
            This invitation was sent to {invitation.email}, but you&apos;re signed in as {user.email}. Log out
            and sign in with the invited address.
          </p>
        ) : (
          <AcceptInvitationButton token={token} organizationName={invitation.organization.name} />
        )}
      </div>
    );
  }
  return (
    <div className="flex min-h-dvh items-center justify-center px-4 py-10">
      <main
        id="main"
        className="flex w-full max-w-md flex-col gap-4 rounded-lg border border-border bg-surface p-6 shadow-sm"
      >
        <h1 className="text-xl font-semibold">You&apos;re invited to Hearth</h1>
        {body}
      </main>
    </div>
  );
}
