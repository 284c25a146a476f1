// Signing keys of the local platform: one ES256 key pair (with a kid) persisted under the stack's data dir,
// published at /auth/v1/.well-known/jwks.json so supabase.auth.getClaims() verifies tokens locally.
// The anon and service-role API keys are long-lived JWTs signed with the same key, as Supabase's legacy
// JWT API keys are.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from "jose";

export interface PlatformKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  anonKey: string;
  serviceRoleKey: string;
  issuer: string;
  /** Signs arbitrary claims with the platform key (ES256, kid header). */
  sign: (claims: JWTPayload, expiresInSeconds: number) => Promise<string>;
  /** Verifies signature, algorithm and expiry; throws on anything else. */
  verify: (token: string) => Promise<JWTPayload>;
}

const ALG = "ES256";
const TEN_YEARS = 10 * 365 * 24 * 3600;

export async function loadOrCreateKeys(dataDir: string, issuer: string): Promise<PlatformKeys> {
  const file = path.join(dataDir, "jwt-signing-key.json");
  let stored: { kid: string; privateJwk: JWK; publicJwk: JWK; anonKey: string; serviceRoleKey: string };
  if (existsSync(file)) {
    stored = JSON.parse(await readFile(file, "utf8"));
  } else {
    const pair = await generateKeyPair(ALG, { extractable: true });
    const kid = randomUUID();
    // ECDSA signatures are randomized, so the API keys are minted once and stored with the key pair:
    // restarts keep .stack/env stable.
    const apiKey = (role: "anon" | "service_role") =>
      new SignJWT({ iss: "supabase-local", ref: "local", role })
        .setProtectedHeader({ alg: ALG, kid, typ: "JWT" })
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + TEN_YEARS)
        .sign(pair.privateKey);
    stored = {
      kid,
      privateJwk: { ...(await exportJWK(pair.privateKey)), kid, alg: ALG, use: "sig" },
      publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: ALG, use: "sig" },
      anonKey: await apiKey("anon"),
      serviceRoleKey: await apiKey("service_role"),
    };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const privateKey = (await importJWK(stored.privateJwk, ALG)) as CryptoKey;
  const publicKey = (await importJWK(stored.publicJwk, ALG)) as CryptoKey;

  const sign = async (claims: JWTPayload, expiresInSeconds: number) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALG, kid: stored.kid, typ: "JWT" })
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .sign(privateKey);
  };
  const verify = async (token: string) => {
    const { payload } = await jwtVerify(token, publicKey, { algorithms: [ALG] });
    return payload;
  };

  return {
    kid: stored.kid,
    privateKey,
    publicKey,
    publicJwk: stored.publicJwk,
    anonKey: stored.anonKey,
    serviceRoleKey: stored.serviceRoleKey,
    issuer,
    sign,
    verify,
  };
}
