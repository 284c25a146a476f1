// Placeholder: replaced by the Realtime service implementation.
import type { PlatformContext, PlatformService } from "../context";
import { sendJson } from "../http";

export async function createRealtimeService(_ctx: PlatformContext): Promise<PlatformService> {
  return {
    handle: async (_req, res) => sendJson(res, 404, { message: "Not implemented" }),
    close: async () => {},
  };
}
