// The route table's matching, as Storage's router (find-my-way) matches: the most specific route wins — at the first
// segment where two routes differ, a static segment beats a parameter and a parameter beats the rest-of-path `*`.
import { describe, expect, it } from "vitest";
import { defineService, findRoute, routeBuilder, routeTable } from "../src/router";

const route = routeBuilder<{ none: null }>();
const noop = async () => {};
const table = routeTable([
  defineService<{ none: null }>({
    prefix: "/s",
    routes: [
      route(["POST"], "/object/list/:bucket", "none", noop),
      route(["POST"], "/object/sign/:bucket", "none", noop),
      route(["POST"], "/object/sign/:bucket/*", "none", noop),
      route(["POST", "PUT"], "/object/:bucket/*", "none", noop),
      route(["DELETE"], "/object/:bucket", "none", noop),
    ],
    authenticate: { none: async () => null },
    notFound: () => new Error("not found"),
    renderError: () => {},
    close: async () => {},
  }),
]);

const match = (method: string, path: string) => {
  const m = findRoute(table, method, path);
  return m && { path: m.entry.route.path, params: m.params };
};

describe("findRoute", () => {
  it("prefers a static segment to a parameter, and a parameter to the rest of the path", () => {
    expect(match("POST", "/s/object/list/b")).toEqual({
      path: "/object/list/:bucket",
      params: { bucket: "b" },
    });
    expect(match("POST", "/s/object/sign/b")).toEqual({
      path: "/object/sign/:bucket",
      params: { bucket: "b" },
    });
    expect(match("POST", "/s/object/sign/b/k/x")).toEqual({
      path: "/object/sign/:bucket/*",
      params: { bucket: "b", "*": "k/x" },
    });
    // Not a static route's shape: the generic upload, bucket "list" (as in Storage).
    expect(match("POST", "/s/object/list/b/k")).toEqual({
      path: "/object/:bucket/*",
      params: { bucket: "list", "*": "b/k" },
    });
  });

  it("matches the method and needs at least one segment for `*`", () => {
    expect(match("PUT", "/s/object/b/k")?.path).toBe("/object/:bucket/*");
    expect(match("GET", "/s/object/b/k")).toBeNull();
    expect(match("POST", "/s/object/b")).toBeNull();
    expect(match("DELETE", "/s/object/b")?.path).toBe("/object/:bucket");
    expect(match("POST", "/s/elsewhere/b/k")).toBeNull();
  });
});
