// What next/headers and next/cache give a request, outside Next (no imports, so vi.mock factories can load it
// without a cycle):
//   vi.mock("next/headers", () => import("./next-mocks"));
//   vi.mock("next/cache", () => import("./next-mocks"));
// The cookie jar holds a real session signed in through the local Auth (support.ts signInAs).

export const jar = new Map<string, string>();

const all = () => [...jar].map(([name, value]) => ({ name, value }));

export async function cookies() {
  return {
    getAll: all,
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    has: (name: string) => jar.has(name),
    // Server Components can't set cookies either; the session is refreshed by proxy.ts in the app.
    set: () => {},
  };
}

export async function headers() {
  return new Headers();
}

/** Revalidation is Next's cache, not ours: outside Next there is nothing to revalidate. */
export function revalidatePath() {}
export function revalidateTag() {}
