// A lock directory shared by every build on this machine: `dotnet test` or two IDE/terminal builds
// may start the front-end steps at the same moment, and two `npm ci` runs in one folder break each other.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const lockDir = path.join(here, ".build-lock");
const staleAfterMs = 10 * 60 * 1000;

export async function withLock(work) {
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      // A crashed build leaves the directory behind; do not wait on it forever.
      const age = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > staleAfterMs) { fs.rmSync(lockDir, { recursive: true, force: true }); continue; }
      if (Date.now() - started > staleAfterMs) throw new Error(`Timed out waiting for ${lockDir}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
