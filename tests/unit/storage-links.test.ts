// The keyring parser, signed document links (altered, expired, unknown key version) and file-name handling
// (path traversal, control and bidi characters, Content-Disposition).
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AppError } from "@/lib/errors";
import { contentDisposition, decodeHeaderFileName, sanitizeFileName } from "@/lib/storage/filename";
import { KeyringError, linkSigningKey, parseKeyring } from "@/lib/storage/keyring";
import { signDocumentLink, verifyDocumentLink } from "@/lib/modules/documents/links";

const k = () => randomBytes(32).toString("base64");

describe("keyring", () => {
  it("parses versions and picks the highest as current", () => {
    const ring = parseKeyring(`3:${k()}, 1:${k()},2:${k()}`);
    expect(ring.current).toBe(3);
    expect([...ring.keys.keys()].sort()).toEqual([1, 2, 3]);
  });
  it.each([
    ["", "no keys"],
    ["1:abc", "32 bytes"],
    [`1:${k()},1:${k()}`, "twice"],
    [`0:${k()}`, "positive"],
    ["x:y", "must be"],
  ])("refuses %j", (text, message) => {
    expect(() => parseKeyring(text)).toThrow(KeyringError);
    expect(() => parseKeyring(text)).toThrow(message);
  });
  it("derives a link-signing key distinct from the master key", () => {
    const ring = parseKeyring(`1:${k()}`);
    expect(linkSigningKey(ring, 1)!.equals(ring.keys.get(1)!)).toBe(false);
    expect(linkSigningKey(ring, 2)).toBeUndefined();
  });
});

describe("signed document links", () => {
  const ring = parseKeyring(`1:${k()}`);
  const claims = {
    documentId: randomUUID(),
    organizationId: randomUUID(),
    expiresAt: Math.floor(Date.now() / 1000) + 600,
  };
  const failure = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e as AppError;
    }
    throw new Error("expected a failure");
  };

  it("verifies its own token and returns the claims", () => {
    expect(verifyDocumentLink(signDocumentLink(claims, ring), ring)).toEqual(claims);
  });

  it("refuses an expired token with its own message", () => {
    const token = signDocumentLink({ ...claims, expiresAt: 1000 }, ring);
    expect(failure(() => verifyDocumentLink(token, ring))).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("expired"),
    });
    expect(
      failure(() => verifyDocumentLink(signDocumentLink(claims, ring), ring, claims.expiresAt)),
    ).toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses altered tokens: payload, signature, another document, garbage", () => {
    const token = signDocumentLink(claims, ring);
    const [payload, sig] = token.split(".") as [string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), d: randomUUID() }),
    ).toString("base64url");
    const longer = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, "base64url").toString()),
        e: claims.expiresAt + 86_400,
      }),
    ).toString("base64url");
    const flippedSig = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
    for (const bad of [
      `${forged}.${sig}`,
      `${longer}.${sig}`,
      `${payload}.${flippedSig}`,
      `${payload}x.${sig}`,
      "",
      "a.b",
      `${payload}.${sig}.x`,
    ]) {
      expect(failure(() => verifyDocumentLink(bad, ring))).toMatchObject({ code: "NOT_FOUND" });
    }
  });

  it("refuses a token signed with another keyring or a key version that was removed", () => {
    const other = parseKeyring(`1:${k()}`);
    expect(failure(() => verifyDocumentLink(signDocumentLink(claims, other), ring))).toMatchObject({
      code: "NOT_FOUND",
    });
    const rotated = parseKeyring(`2:${k()}`);
    expect(failure(() => verifyDocumentLink(signDocumentLink(claims, ring), rotated))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("file names are harmless metadata", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["..\\..\\Windows\\System32\\evil.exe.pdf", "evil.exe.pdf"],
    ["/absolute/path/contract.pdf", "contract.pdf"],
    ["..", "document"],
    ["...hidden", "hidden"],
    ["", "document"],
    ["a\u0000b\u001fc.pdf", "abc.pdf"],
    ["invoice\u202Efdp.exe", "invoicefdp.exe"],
    ['what<>:"|?*.txt', "what_______.txt"],
    ["  spaced   out  name .pdf ", "spaced out name .pdf"],
    ["Café déjà vu.pdf", "Café déjà vu.pdf"],
  ])("%j → %j", (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it("keeps the extension when shortening long names", () => {
    const name = sanitizeFileName(`${"a".repeat(400)}.pdf`);
    expect(name.length).toBe(255);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("decodes the X-File-Name header and survives bad encodings", () => {
    expect(decodeHeaderFileName(encodeURIComponent("Kaufvertrag für Müller.pdf"))).toBe(
      "Kaufvertrag für Müller.pdf",
    );
    expect(decodeHeaderFileName("%E0%A4%A")).toBe("%E0%A4%A");
    expect(decodeHeaderFileName(null)).toBeNull();
  });

  it("writes Content-Disposition with an ASCII fallback and an RFC 5987 filename*", () => {
    expect(contentDisposition('Café "quoted" 100%.pdf')).toBe(
      `attachment; filename="Cafe _quoted_ 100_.pdf"; filename*=UTF-8''Caf%C3%A9%20_quoted_%20100%25.pdf`,
    );
    expect(contentDisposition("../x'(y)*.pdf")).toBe(
      `attachment; filename="x'(y)_.pdf"; filename*=UTF-8''x%27%28y%29_.pdf`,
    );
    expect(contentDisposition("a\r\nSet-Cookie: x=1")).not.toMatch(/[\r\n]/);
  });
});
