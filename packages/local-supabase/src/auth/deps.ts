// What every Auth route handler is given.
import type { PlatformContext } from "../context";
import type { AuthConfig } from "../config";
import type { AuthLimits } from "./rate-limit";
import type { Sessions } from "./sessions";

export interface AuthDeps {
  ctx: PlatformContext;
  config: AuthConfig;
  sessions: Sessions;
  limits: AuthLimits;
}
