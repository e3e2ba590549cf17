#!/usr/bin/env node
// The installed `opencx-partner-sandbox` bin (tsc compiles it to bin.cjs under dist/). It
// runs cli.bundle.cjs — the whole CLI in one CommonJS file, see scripts/build-sandbox-bin.ts —
// through vm.Script with a V8 code cache kept outside the package (which may be read-only), so a
// second start neither parses nor compiles the bundle's ~2 MB of JavaScript.
//
// Why hand-written: V8 compiles most functions lazily, when they first run, so a code cache only
// pays off when it is created AFTER the code ran (script.createCachedData() once the server has
// answered). Nothing off the shelf does that: v8-compile-cache creates its cache at compile time
// (top-level code only), and module.enableCompileCache() (Node >= 22.1) serializes right after
// compiling too (CompileCacheHandler::MaybeSave in node's src/compile_cache.cc), so it is not
// used: this cache works the same on every supported Node line.
//
// The cache never decides whether the sandbox starts: any error reading, checking or writing it
// means running without it. NODE_DEBUG=opencx-sandbox prints what happened;
// NODE_DISABLE_COMPILE_CACHE=1 (the name of Node's own switch) turns it off.
//
// Flags, messages, exit status and signals (also when npx, not the bin, is signalled) are the
// CLI's, in the bundle: style.ts and parent-watch.ts.
const crypto: typeof import("node:crypto") = require("node:crypto");
const channels: typeof import("node:diagnostics_channel") = require("node:diagnostics_channel");
const fs: typeof import("node:fs") = require("node:fs");
const os: typeof import("node:os") = require("node:os");
const path: typeof import("node:path") = require("node:path");
const util: typeof import("node:util") = require("node:util");
const vm: typeof import("node:vm") = require("node:vm");

const BUNDLE = path.join(__dirname, "cli.bundle.cjs");
/** Written after the first answered request, or this long after start if none came. */
const WRITE_AFTER_MS = 1000;
/** Other cache files (older bundles, other Node versions) untouched this long are deleted. */
const STALE_MS = 30 * 24 * 3600 * 1000;
const debug = util.debuglog("opencx-sandbox");

/** ~/.cache (or $XDG_CACHE_HOME), then a per-user directory in the system temp dir. */
function cacheDirs(): string[] {
  const dirs: string[] = [];
  const xdg = process.env.XDG_CACHE_HOME;
  try {
    dirs.push(path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache"), "opencx-partner-sandbox"));
  } catch {
    /* no home directory */
  }
  dirs.push(path.join(os.tmpdir(), `opencx-partner-sandbox-${process.getuid?.() ?? os.userInfo().username}`));
  return dirs;
}

/** Package version, bundle content, Node version and CPU: a cache for anything else is never read. */
function cacheName(bundle: Buffer): string {
  let version = "unknown";
  try {
    version = (JSON.parse(fs.readFileSync(path.join(__dirname, "../../../../../package.json"), "utf8")) as { version: string }).version;
  } catch {
    /* not in the package layout */
  }
  const hash = crypto.createHash("sha256").update(bundle).digest("hex").slice(0, 16);
  return `${version}-${hash}-${process.version}-${process.arch}.v8cache`;
}

function readCache(name: string): { file: string; data: Buffer } | undefined {
  for (const dir of cacheDirs()) {
    const file = path.join(dir, name);
    try {
      // A cache is code: only one this user wrote, in a directory nobody else can write to.
      const own = process.getuid?.();
      const stat = fs.statSync(dir);
      if (own !== undefined && (stat.uid !== own || (stat.mode & 0o022) !== 0)) continue;
      return { file, data: fs.readFileSync(file) };
    } catch {
      /* not there */
    }
  }
  return undefined;
}

/** The directory and its parent; not mkdirSync's `recursive`, which spins forever under /proc on Node 20-24 (not 26). */
function makeDir(dir: string): void {
  for (const each of [path.dirname(dir), dir]) {
    try {
      fs.mkdirSync(each, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

function writeCache(name: string, data: Buffer): void {
  for (const dir of cacheDirs()) {
    const file = path.join(dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      makeDir(dir);
      fs.writeFileSync(tmp, data, { mode: 0o600 });
      fs.renameSync(tmp, file); // atomic: a concurrent start reads the old file or the new one
      debug("cache written: %s (%d bytes)", file, data.length);
      for (const other of fs.readdirSync(dir)) {
        const stale = path.join(dir, other);
        if (other !== name && other.endsWith(".v8cache") && Date.now() - fs.statSync(stale).mtimeMs > STALE_MS) fs.rmSync(stale, { force: true });
      }
      return;
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      debug("cache not written to %s: %s", dir, (error as Error).message);
    }
  }
}

const bundle = fs.readFileSync(BUNDLE);
let name: string | undefined;
let cached: { file: string; data: Buffer } | undefined;
try {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) debug("cache disabled (NODE_DISABLE_COMPILE_CACHE)");
  else {
    name = cacheName(bundle);
    cached = readCache(name);
  }
} catch (error) {
  debug("cache not read: %s", (error as Error).message);
}

// CommonJS's own function wrapper, on the bundle's first line so line numbers stay the bundle's.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${bundle.toString("utf8")}\n})`, {
  filename: BUNDLE,
  ...(cached ? { cachedData: cached.data } : {}),
});
if (cached && !script.cachedDataRejected) debug("cache accepted: %s", cached.file);
else if (name) {
  const key = name; // a const, for the closure below
  debug(cached ? "cache rejected: %s" : "no cache: %s", cached?.file ?? name);
  // Once the server has answered (setImmediate: after the answer is flushed), or after a second.
  let saved = false;
  const save = (): void => {
    if (saved) return;
    saved = true;
    channels.unsubscribe("http.server.response.finish", onAnswer);
    clearTimeout(timer);
    try {
      const started = performance.now();
      const data = script.createCachedData();
      debug("cache created in %d ms", Math.round(performance.now() - started));
      writeCache(key, data);
    } catch (error) {
      debug("cache not written: %s", (error as Error).message);
    }
  };
  const onAnswer = (): void => void setImmediate(save);
  channels.subscribe("http.server.response.finish", onAnswer);
  const timer = setTimeout(save, WRITE_AFTER_MS).unref();
}

const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
const bundleModule = { exports: {} };
run.call(bundleModule.exports, bundleModule.exports, require, bundleModule, BUNDLE, __dirname);
