"use client";
// A failure in the root layout itself (outside every other boundary): the same notice, in its own document.
import { PageError } from "@/components/app-shell/page-error";
import "./globals.css";

export default function GlobalError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-bg text-fg antialiased">
        <main id="main" className="px-4">
          <PageError {...props} />
        </main>
      </body>
    </html>
  );
}
