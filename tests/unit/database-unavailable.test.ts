// Which failures mean "the database can't be reached right now" (SERVICE_UNAVAILABLE, 503) and which stay what they
// are. The real ones (a stopped Postgres, a terminated backend, a pool timeout) are in tests/resilience/; these are
// the shapes Prisma and the driver adapter wrap them in, plus errors that must never be taken for an outage.
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, toAppError } from "@/lib/database/errors";
import { AppError } from "@/lib/errors";

const pgError = (code: string, message = "x") =>
  Object.assign(new Error(message), { code, severity: "FATAL" });
const socketError = (code: string) =>
  Object.assign(new Error(code), { code, syscall: "connect", errno: -111 });
const prismaError = (code: string, cause?: unknown) => Object.assign(new Error("prisma"), { code, cause });
const adapterError = (originalCode: string) =>
  Object.assign(new Error("adapter"), {
    code: "P2010",
    meta: { driverAdapterError: { cause: { kind: "postgres", originalCode } } },
  });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["admin shutdown (pg_terminate_backend, fast shutdown)", pgError("57P01")],
    ["crash shutdown", pgError("57P02")],
    ["cannot connect now (starting up)", pgError("57P03")],
    ["too many connections", pgError("53300")],
    ["connection failure", pgError("08006")],
    ["refused", socketError("ECONNREFUSED")],
    ["reset", socketError("ECONNRESET")],
    ["pool timeout", new Error("timeout exceeded when trying to connect")],
    ["connection terminated", new Error("Connection terminated unexpectedly")],
    ["Prisma: can't reach", prismaError("P1001")],
    ["Prisma: closed", prismaError("P1017")],
    ["Prisma: pool timeout", prismaError("P2024")],
    ["adapter: 57P01", adapterError("57P01")],
    ["adapter: kind", Object.assign(new Error("a"), { cause: { kind: "DatabaseNotReachable" } })],
    [
      "deep in the cause chain",
      prismaError("P2010", new Error("wrapped", { cause: socketError("ECONNREFUSED") })),
    ],
  ])("%s", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    const mapped = toAppError(err) as AppError;
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      status: 503,
      details: { retryAfterSeconds: 5 },
    });
  });

  it.each([
    ["unique violation", pgError("23505")],
    ["permission denied", adapterError("42501")],
    ["statement timeout (the query, not the connection)", pgError("57014")],
    ["Prisma: not found", prismaError("P2025")],
    ["a plain bug", new TypeError("x is undefined")],
    ["an AppError", new AppError("CONFLICT")],
  ])("not: %s", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
    expect((toAppError(err) as AppError).code).not.toBe("SERVICE_UNAVAILABLE");
  });
});
