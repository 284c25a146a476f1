// @vitest-environment jsdom
// The page error notice: a production page error arrives without its message, so the notice asks /api/health and
// shows the database wording only when the database is what's missing (503); otherwise the generic notice with the
// digest. "Try again" refreshes the server page and resets the boundary.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PageError } from "@/components/app-shell/page-error";
import { SERVICE_UNAVAILABLE_MESSAGE } from "@/lib/errors";

const router = vi.hoisted(() => ({ refresh: vi.fn(), push: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

const productionError = () =>
  Object.assign(new Error("An error occurred in the Server Components render."), { digest: "12345" });

function health(status: number) {
  const fetchMock = vi.fn(async () => new Response(null, { status }));
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.clearAllMocks();
});

describe("PageError", () => {
  it("says the database can't be reached when /api/health answers 503", async () => {
    const fetchMock = health(503);
    render(<PageError error={productionError()} reset={() => {}} />);
    expect(await screen.findByText(SERVICE_UNAVAILABLE_MESSAGE)).toBeTruthy();
    expect(screen.getByRole("heading").textContent).toBe("Hearth is briefly unavailable");
    expect(fetchMock).toHaveBeenCalledWith("/api/health", { cache: "no-store" });
  });

  it("keeps the generic notice with the digest when the database is fine", async () => {
    const fetchMock = health(200);
    render(<PageError error={productionError()} reset={() => {}} />);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    await Promise.resolve();
    expect(screen.getByRole("heading").textContent).toBe("Something went wrong on our side");
    expect(screen.getByText("12345")).toBeTruthy();
    expect(screen.queryByText(SERVICE_UNAVAILABLE_MESSAGE)).toBeNull();
  });

  it("refreshes the page and resets the boundary on Try again", async () => {
    health(200);
    const reset = vi.fn();
    render(<PageError error={productionError()} reset={reset} />);
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await vi.waitFor(() => expect(reset).toHaveBeenCalled());
    expect(router.refresh).toHaveBeenCalled();
  });
});
