// Bundles src/site.css, src/site.js and src/chat.js (the chat page only, with @microsoft/signalr) (with the Utrecht CSS, tokens and font files they import)
// into the web project's wwwroot/dist. Called by the MSBuild target in Community.Web.csproj;
// `npm run build` does the same by hand. Optional argument: the output directory.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import fs from "node:fs";
import path from "node:path";
import { withLock } from "./lock.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(process.argv[2] ?? path.join(here, "../src/Community.Web/wwwroot/dist"));

await withLock(async () => {
  // Start clean so renamed or re-hashed assets do not pile up (and get published).
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(here, "src/site.css"), path.join(here, "src/site.js"), path.join(here, "src/chat.js")],
    outdir,
    bundle: true,
    minify: true,
    sourcemap: true,
    // Fonts and icons become files next to the CSS, so the strict CSP (font-src/img-src 'self') holds.
    loader: { ".woff2": "file", ".woff": "file", ".svg": "file", ".png": "file" },
    assetNames: "assets/[name]-[hash]",
    target: ["chrome110", "firefox115", "safari16", "edge110"],
    logLevel: "warning",
  });
  // Served as is; the layout links it, so browsers stop asking for /favicon.ico.
  fs.copyFileSync(path.join(here, "src/favicon.svg"), path.join(outdir, "favicon.svg"));
});
console.log(`kennisplatform assets built into ${outdir}`);
