// The npm registry reachable here serves no packages for other platforms (darwin, win32, musl, wasm…), so
// `npm install` leaves their optionalDependencies out of package-lock.json and `npm ci` then refuses the lock
// as out of sync. This adds a stub entry (version + os/cpu/libc) for every such optional dependency: npm ci
// sees the lock complete and skips them by platform, as it would with a full lockfile.
// Run after changing dependencies: `npm run lock:stubs`. tests/unit/lockfile.test.ts fails if it's needed.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));

export function missingOptional(packages) {
  const wanted = new Map();
  for (const meta of Object.values(packages)) {
    for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
      const present = Object.keys(packages).some(
        (k) => k === `node_modules/${name}` || k.endsWith(`/node_modules/${name}`),
      );
      if (!present) wanted.set(name, { version, dev: meta.dev === true });
    }
  }
  return wanted;
}

function platformOf(name) {
  const n = name.split("/").pop();
  const os = [
    ["darwin", "darwin"],
    ["win32", "win32"],
    ["windows", "win32"],
    ["android", "android"],
    ["freebsd", "freebsd"],
    ["openharmony", "openharmony"],
    ["linux", "linux"],
  ].find(([k]) => n.includes(k))?.[1];
  let cpu = ["arm64", "x64", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasm32"].find((c) =>
    n.includes(c),
  );
  if (!cpu && /-arm(-|$)/.test(n)) cpu = "arm";
  if (n.includes("wasm32")) return { cpu: ["wasm32"] };
  return {
    ...(os ? { os: [os] } : {}),
    ...(cpu ? { cpu: [cpu] } : {}),
    ...(n.includes("musl") ? { libc: ["musl"] } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = missingOptional(lock.packages);
  for (const [name, { version, dev }] of missing) {
    lock.packages[`node_modules/${name}`] = {
      version,
      ...(dev ? { dev: true } : {}),
      optional: true,
      ...platformOf(name),
    };
  }
  const [root, ...rest] = Object.entries(lock.packages).sort(([a], [b]) =>
    a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  lock.packages = Object.fromEntries([root, ...rest]);
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.info(
    missing.size
      ? `added ${missing.size} platform stub entries to package-lock.json`
      : "package-lock.json needs no stubs",
  );
}
