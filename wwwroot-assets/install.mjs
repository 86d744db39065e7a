// `npm ci` under the shared lock, skipped when node_modules is already newer than package-lock.json
// (another build may have installed while this one waited for the lock).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { withLock } from "./lock.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const stamp = path.join(here, "node_modules", ".kennisplatform-installed");
const lock = path.join(here, "package-lock.json");

await withLock(async () => {
  const stampTime = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (stampTime > fs.statSync(lock).mtimeMs) return;
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) {
    console.error(`npm ci failed in ${here} (exit ${result.status ?? result.error}). Check the output above; a proxy or offline registry is the usual cause.`);
    process.exit(1);
  }
  fs.writeFileSync(stamp, new Date().toISOString());
});
