// Object bytes on disk: <dataDir>/storage/<bucket>/<vv>/<version>, one immutable file per object version (like
// Storage's versioned S3 keys). Paths are built only from the bucket id (percent-encoded) and a server-generated
// UUID, never from an object key. Uploads stream into <dataDir>/storage-tmp first and are renamed into place.
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { copyFile, link, mkdir, open, readdir, rename, rm, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { ERRORS } from "./errors";

const VERSION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Received {
  size: number;
  md5: string;
}

export class ObjectFiles {
  readonly root: string;
  private readonly tmpParent: string;
  private readonly tmpDir: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, "storage");
    this.tmpParent = path.join(dataDir, "storage-tmp");
    // Per-process so a second stack on the same directory never sweeps our in-flight uploads.
    this.tmpDir = path.join(this.tmpParent, `${process.pid}-${randomUUID()}`);
  }

  static isVersion(version: unknown): version is string {
    return typeof version === "string" && VERSION.test(version);
  }

  bucketDir(bucketId: string): string {
    // encodeURIComponent is injective and leaves no separator; "." and ".." are the only names left to escape.
    // Names too long for the filesystem become a hash, marked by "%%" which no encoding produces.
    const encoded = encodeURIComponent(bucketId).replace(/^\.{1,2}$/, (dots) => dots.replace(/\./g, "%2E"));
    const name = encoded.length <= 200 ? encoded : `%%${createHash("sha256").update(bucketId).digest("hex")}`;
    return path.join(this.root, name);
  }

  versionPath(bucketId: string, version: string): string {
    if (!ObjectFiles.isVersion(version)) throw new Error(`not an object version: ${version}`);
    return path.join(this.bucketDir(bucketId), version.slice(0, 2), version);
  }

  async tempPath(): Promise<string> {
    await mkdir(this.tmpDir, { recursive: true });
    return path.join(this.tmpDir, randomUUID());
  }

  /**
   * Streams `source` into `file`, hashing and counting as it goes; rejects with EntityTooLarge as soon as more
   * than `limit` bytes arrived. Never holds more than the streams' own buffers in memory. The source is left
   * unpiped (not destroyed) on failure, so the caller can still answer the request.
   */
  receive(source: Readable, file: string, limit: number, aborted?: AbortSignal): Promise<Received> {
    return new Promise<Received>((resolve, reject) => {
      const out = createWriteStream(file, { flags: "wx" });
      const hash = createHash("md5");
      let size = 0;
      let settled = false;

      const cleanup = () => {
        source.off("data", onData);
        source.off("end", onEnd);
        source.off("error", onError);
        source.off("close", onClose);
        out.off("drain", onDrain);
        aborted?.removeEventListener("abort", onAbort);
      };
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        // Reject only once the file is closed, so the caller's unlink cannot race the stream's open().
        if (out.closed) return reject(err);
        out.once("close", () => reject(err));
        out.destroy();
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) return fail(ERRORS.entityTooLarge());
        hash.update(chunk);
        if (!out.write(chunk)) source.pause();
      };
      const onDrain = () => {
        if (!settled) source.resume();
      };
      const onEnd = () => {
        if (settled) return;
        settled = true;
        cleanup();
        out.once("error", reject);
        out.end(() => resolve({ size, md5: hash.digest("hex") }));
      };
      const onError = (err: Error) => fail(ERRORS.noContentProvided(err.message || "No content provided"));
      const onClose = () =>
        fail(ERRORS.noContentProvided("Request stream closed before upload could complete"));
      const onAbort = () => onClose();

      out.on("error", (err) => fail(err));
      out.on("drain", onDrain);
      source.on("data", onData);
      source.once("end", onEnd);
      source.once("error", onError);
      source.once("close", onClose);
      if (aborted?.aborted || source.destroyed) return onAbort();
      aborted?.addEventListener("abort", onAbort, { once: true });
      source.resume();
    });
  }

  /** Moves a finished temp file into its version path. */
  async place(tmpFile: string, bucketId: string, version: string): Promise<string> {
    const target = this.versionPath(bucketId, version);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tmpFile, target);
    return target;
  }

  /** A new version file with the same bytes (hard link when possible: versions are immutable). */
  async duplicate(
    fromBucket: string,
    fromVersion: string,
    toBucket: string,
    toVersion: string,
  ): Promise<string> {
    const source = this.versionPath(fromBucket, fromVersion);
    const target = this.versionPath(toBucket, toVersion);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await link(source, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw ERRORS.resourceNotFound();
      await copyFile(source, target);
    }
    return target;
  }

  /** Copies a version's bytes into a temp file (for copy: the new object gets its own version). */
  async copyToTemp(bucketId: string, version: unknown, tmpFile: string): Promise<void> {
    if (!ObjectFiles.isVersion(version)) throw ERRORS.resourceNotFound();
    try {
      await copyFile(this.versionPath(bucketId, version), tmpFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw ERRORS.resourceNotFound();
      throw err;
    }
  }

  /** Opens a version for reading; null when its bytes are gone. An open handle survives a later unlink. */
  async open(bucketId: string, version: unknown): Promise<FileHandle | null> {
    if (!ObjectFiles.isVersion(version)) return null;
    try {
      return await open(this.versionPath(bucketId, version), "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  async discard(file: string | undefined): Promise<void> {
    if (!file) return;
    await unlink(file).catch(() => {});
  }

  async removeVersion(bucketId: string, version: unknown): Promise<void> {
    if (!ObjectFiles.isVersion(version)) return;
    await this.discard(this.versionPath(bucketId, version));
  }

  async removeBucket(bucketId: string): Promise<void> {
    await rm(this.bucketDir(bucketId), { recursive: true, force: true });
  }

  /** Removes this process's temp directory (on shutdown; unfinished uploads are abandoned). */
  async removeOwnTemp(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true });
  }

  /** Deletes temp files that earlier (crashed or stopped) processes left behind. */
  async sweepStaleTemp(): Promise<void> {
    const own = path.basename(this.tmpDir);
    const entries = await readdir(this.tmpParent).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry === own) continue;
      const pid = Number(entry.split("-")[0]);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
      await rm(path.join(this.tmpParent, entry), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
