// @vitest-environment jsdom
// The bell's unread count: no badge and a plain label at zero, the count in the label (screen readers hear it, the
// badge itself is hidden from them), "99+" past 99, and one count shared by every bell under the provider (the
// phone's top bar and the desktop sidebar show the same number). The count changing live is proven against the
// real platform (tests/integration/notifications, tests/e2e/transaction-flow.spec.ts); the provider here points at
// an address nothing listens on, so only its initial count shows.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { NotificationBell, UnreadCountProvider } from "@/components/notifications/notification-bell";

afterEach(cleanup);

function renderBells(initialUnread: number) {
  return render(
    <UnreadCountProvider
      organization={{ id: "00000000-0000-4000-8000-000000000001", slug: "acme" }}
      userId="00000000-0000-4000-8000-000000000002"
      initialUnread={initialUnread}
      supabase={{ url: "http://127.0.0.1:1", anonKey: "anon" }}
    >
      <header>
        <NotificationBell href="/acme/notifications" />
      </header>
      <nav>
        <NotificationBell href="/acme/notifications" />
      </nav>
    </UnreadCountProvider>,
  );
}

describe("NotificationBell", () => {
  it("shows no badge and says just 'Notifications' when nothing is unread", () => {
    renderBells(0);
    const bells = screen.getAllByRole("link", { name: "Notifications" });
    expect(bells).toHaveLength(2);
    expect(bells[0]!.getAttribute("href")).toBe("/acme/notifications");
    expect(screen.queryAllByTestId("unread-count")).toHaveLength(0);
  });

  it("puts the count in every bell's label and badge, the badge hidden from screen readers", () => {
    renderBells(3);
    const bells = screen.getAllByRole("link", { name: "Notifications, 3 unread" });
    expect(bells).toHaveLength(2);
    for (const bell of bells) {
      const badge = bell.querySelector("[data-testid='unread-count']")!;
      expect(badge.textContent).toBe("3");
      expect(badge.getAttribute("aria-hidden")).toBe("true");
    }
  });

  it("caps the badge at 99+ while the label keeps the real number", () => {
    renderBells(150);
    const [bell] = screen.getAllByRole("link", { name: "Notifications, 150 unread" });
    expect(bell!.querySelector("[data-testid='unread-count']")!.textContent).toBe("99+");
  });
});
