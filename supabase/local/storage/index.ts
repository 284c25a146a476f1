// Placeholder: replaced by the Storage service implementation.
import type { PlatformContext, PlatformService } from "../context";
import { sendJson } from "../http";

export function createStorageService(_ctx: PlatformContext): PlatformService {
  return {
    handle: async (_req, res) => sendJson(res, 404, { statusCode: "404", error: "not_found", message: "Not implemented" }),
    close: async () => {},
  };
}
