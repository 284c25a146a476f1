// Placeholder: replaced by the Auth service implementation.
import type { PlatformContext, PlatformService } from "../context";
import { sendJson } from "../http";

export function createAuthService(_ctx: PlatformContext): PlatformService {
  return {
    handle: async (_req, res) => sendJson(res, 404, { code: "not_found", message: "Not implemented" }),
    close: async () => {},
  };
}
