import Link from "next/link";
import { buttonClasses, Card } from "@/components/ui";

const FEATURES = [
  {
    title: "CRM that keeps up",
    body: "Contacts, deals and follow-ups for the whole team — search, filter and bulk-assign in seconds, even with a hundred thousand contacts.",
  },
  {
    title: "Transaction loops",
    body: "Every listing and purchase as a loop with its tasks, from pre-listing to closing, with progress you can see at a glance.",
  },
  {
    title: "Encrypted documents",
    body: "Purchase agreements and disclosures encrypted with a key per document before they reach storage; share them with links that expire.",
  },
  {
    title: "A live dashboard",
    body: "Managers see the team's activity the moment it happens, with a tamper-evident audit trail behind every entry.",
  },
] as const;

export default function LandingPage() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-border bg-surface">
        <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
          <Link href="/" className="flex items-center gap-2 text-lg font-semibold">
            <span aria-hidden="true" className="inline-block size-6 rounded-md bg-accent" />
            Hearth
          </Link>
          <div className="flex items-center gap-2">
            <Link href="/login" className={buttonClasses("ghost", "sm")}>
              Log in
            </Link>
            <Link href="/signup" className={buttonClasses("primary", "sm")}>
              Sign up
            </Link>
          </div>
        </nav>
      </header>
      <main id="main" className="mx-auto flex w-full max-w-6xl flex-1 flex-col gap-12 px-4 py-12 sm:py-20">
        <section className="flex max-w-3xl flex-col gap-5">
          <p className="text-sm font-semibold uppercase tracking-wider text-accent">For real-estate teams</p>
          <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">
            Your team&apos;s contacts, deals and closings — in one warm place.
          </h1>
          <p className="text-lg text-fg-muted">
            Hearth brings your CRM, transaction checklists and closing documents together, so agents work
            faster and managers see everything as it happens.
          </p>
          <div className="flex flex-wrap gap-3">
            <Link href="/signup" className={buttonClasses("primary", "md")}>
              Start free
            </Link>
            <Link href="/login" className={buttonClasses("secondary", "md")}>
              I already have an account
            </Link>
          </div>
        </section>
        <section aria-labelledby="features-heading" className="flex flex-col gap-4">
          <h2 id="features-heading" className="text-2xl font-semibold">
            What Hearth does
          </h2>
          <ul className="grid gap-4 sm:grid-cols-2">
            {FEATURES.map((f) => (
              <li key={f.title}>
                <Card className="h-full">
                  <h3 className="mb-1 font-semibold">{f.title}</h3>
                  <p className="text-sm text-fg-muted">{f.body}</p>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      </main>
      <footer className="border-t border-border py-6 text-center text-sm text-fg-muted">
        Hearth — built for teams that close.
      </footer>
    </div>
  );
}
