// A lock directory shared by every build on this machine: `dotnet test` or two IDE/terminal builds
// may start the front-end steps at the same moment, and two `npm ci` runs in one folder break each other.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const lockDir = path.join(here, ".build-lock");
const ownerFile = path.join(lockDir, "owner");
const giveUpAfterMs = 10 * 60 * 1000;

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

// A build killed halfway (Ctrl+C) leaves the directory behind; its owner is then gone.
function ownerIsGone() {
  let owner;
  try {
    owner = JSON.parse(fs.readFileSync(ownerFile, "utf8"));
  } catch {
    // Just created by another process that has not written its owner yet, or left empty by a
    // crash: only an old directory counts as abandoned.
    const stat = fs.statSync(lockDir, { throwIfNoEntry: false });
    return stat !== undefined && Date.now() - stat.mtimeMs > 30_000;
  }
  return owner.host === os.hostname() && !isAlive(owner.pid);
}

export async function withLock(work) {
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname() }));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      if (ownerIsGone()) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > giveUpAfterMs) {
        throw new Error(`Another front-end build has held ${lockDir} for 10 minutes; remove it if no build is running.`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
