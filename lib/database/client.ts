import "server-only";
// The Prisma client (driver adapter over a `pg` pool with explicit limits: pg's defaults wait forever for a
// connection). One per process; reused across hot reloads in development.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "../env";
import { PrismaClient } from "./generated/prisma/client";

export interface PoolSettings {
  connectionString: string;
  max: number;
  connectionTimeoutMillis: number;
  idleTimeoutMillis: number;
}

/** `pgbouncer=true` tells poolers' users to avoid named prepared statements; pg never names them unless asked. */
function stripPrismaParams(url: string): string {
  const u = new URL(url);
  u.searchParams.delete("pgbouncer");
  u.searchParams.delete("connection_limit");
  return u.toString();
}

export function createPool(settings: PoolSettings): pg.Pool {
  const pool = new pg.Pool({
    connectionString: stripPrismaParams(settings.connectionString),
    max: settings.max,
    connectionTimeoutMillis: settings.connectionTimeoutMillis,
    idleTimeoutMillis: settings.idleTimeoutMillis,
    application_name: "hearth",
  });
  pool.on("error", (err) => console.warn("[db] idle connection error", err.message));
  return pool;
}

export function createPrismaClient(pool: pg.Pool) {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

export type Db = ReturnType<typeof createPrismaClient>;

const globalForDb = globalThis as unknown as { hearthPool?: pg.Pool; hearthPrisma?: Db };

export function getPool(): pg.Pool {
  if (!globalForDb.hearthPool) {
    const e = env();
    globalForDb.hearthPool = createPool({
      connectionString: e.DATABASE_URL,
      max: e.DATABASE_POOL_MAX,
      connectionTimeoutMillis: e.DATABASE_POOL_CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
    });
  }
  return globalForDb.hearthPool;
}

export function getPrisma(): Db {
  globalForDb.hearthPrisma ??= createPrismaClient(getPool());
  return globalForDb.hearthPrisma;
}
