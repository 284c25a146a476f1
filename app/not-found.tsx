import { NotFoundNotice } from "@/components/app-shell/not-found-notice";

export default function NotFound() {
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-4">
      <NotFoundNotice />
    </main>
  );
}
