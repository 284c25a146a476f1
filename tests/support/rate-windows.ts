// Rate limits count in fixed windows (private.hit_rate_limit): a test whose hits straddle a window's end sees its
// count restart. A test that counts hits first waits out the last few seconds of any window it counts in.
import { RATE_LIMITS } from "@/lib/auth/rate-limit";

/** Returns once no window of RATE_LIMITS (or `windowSeconds`) ends within `marginMs`. */
export async function clearOfWindowEnds(
  windowSeconds: number[] = Object.values(RATE_LIMITS).map((l) => l.windowSeconds),
  marginMs = 3000,
): Promise<void> {
  const now = Date.now();
  const wait = Math.max(
    0,
    ...windowSeconds.map((w) => {
      const left = w * 1000 - (now % (w * 1000));
      return left < marginMs ? left + 50 : 0;
    }),
  );
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
