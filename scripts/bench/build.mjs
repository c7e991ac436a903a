// Production builds for the benchmark: a copy of this project, and an empty Next.js app (the
// floor) that uses the same installed next, react and react-dom.
//
// Both are built in temporary directories, not in this project's .next, so a benchmark never
// overwrites a build that someone's e2e run is serving. Each gets a symlink to this project's
// node_modules. Turbopack compiles only files under its root directory and rejects a
// node_modules symlink that points outside it, so both builds set `turbopack.root` to the
// nearest directory that contains the build and the real node_modules.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, realpathSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Top-level entries of the project that a build does not need: outputs, caches and reports. */
const NOT_COPIED = new Set([
  ".git",
  "node_modules",
  ".next",
  "out",
  "coverage",
  "test-results",
  "playwright-report",
  "blob-report",
  ".e2e-logs",
  "tsconfig.tsbuildinfo",
]);

/** Returns the path of the `next` command line in an installed node_modules. */
export function nextBin(projectRoot) {
  return path.join(projectRoot, "node_modules", "next", "dist", "bin", "next");
}

function commonAncestor(first, second) {
  const a = first.split(path.sep);
  const b = second.split(path.sep);
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared += 1;
  return a.slice(0, shared).join(path.sep) || path.sep;
}

function linkNodeModules(projectRoot, targetDir) {
  const realNodeModules = realpathSync(path.join(projectRoot, "node_modules"));
  symlinkSync(realNodeModules, path.join(targetDir, "node_modules"), "dir");
  return commonAncestor(realpathSync(targetDir), realNodeModules);
}

/**
 * Copies the project's working tree (uncommitted files included) to `targetDir` and wraps its
 * next.config.js so that only `turbopack.root` changes. Throws for other config file names.
 */
export function copyProject(projectRoot, targetDir) {
  mkdirSync(targetDir, { recursive: true });
  cpSync(projectRoot, targetDir, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(projectRoot, source);
      const topLevel = relative.split(path.sep)[0];
      // .env files are left out so that only the variables the benchmark sets configure the app.
      return relative === "" || !(NOT_COPIED.has(topLevel) || topLevel.startsWith(".env"));
    },
  });
  const turbopackRoot = linkNodeModules(projectRoot, targetDir);

  const others = ["next.config.mjs", "next.config.ts", "next.config.mts", "next.config.cjs"].filter((name) =>
    existsSync(path.join(targetDir, name)),
  );
  if (others.length > 0 || !existsSync(path.join(targetDir, "next.config.js"))) {
    throw new Error(
      `The benchmark wraps next.config.js (CommonJS) only, but the project has ${others.join(", ") || "no next.config.js"}. ` +
        "Extend copyProject in scripts/bench/build.mjs for that file.",
    );
  }
  renameSync(path.join(targetDir, "next.config.js"), path.join(targetDir, "next.config.project.cjs"));
  writeFileSync(
    path.join(targetDir, "next.config.js"),
    [
      "// Written by scripts/bench/build.mjs: the project's own config, with Turbopack's root",
      "// widened to include the symlinked node_modules.",
      'const projectConfig = require("./next.config.project.cjs");',
      "module.exports = async (phase, context) => {",
      '  const config = typeof projectConfig === "function" ? await projectConfig(phase, context) : projectConfig;',
      `  return { ...config, turbopack: { ...config.turbopack, root: ${JSON.stringify(turbopackRoot)} } };`,
      "};",
      "",
    ].join("\n"),
  );
}

/**
 * Writes the floor: an app/layout.tsx with <html> and <body>, and an app/page.tsx that renders one
 * <main>. No CSS, no metadata, no client components.
 */
export function writeFloorApp(projectRoot, targetDir) {
  mkdirSync(path.join(targetDir, "app"), { recursive: true });
  const turbopackRoot = linkNodeModules(projectRoot, targetDir);
  writeFileSync(path.join(targetDir, "package.json"), `${JSON.stringify({ name: "next-floor", private: true }, null, 2)}\n`);
  writeFileSync(
    path.join(targetDir, "next.config.js"),
    `module.exports = { turbopack: { root: ${JSON.stringify(turbopackRoot)} } };\n`,
  );
  // The tsconfig that `next build` would otherwise generate, written up front so the build does
  // not edit its own input.
  const tsconfig = {
    compilerOptions: {
      target: "ES2017",
      lib: ["dom", "dom.iterable", "esnext"],
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      module: "esnext",
      moduleResolution: "bundler",
      resolveJsonModule: true,
      isolatedModules: true,
      jsx: "react-jsx",
      skipLibCheck: true,
      plugins: [{ name: "next" }],
    },
    include: ["next-env.d.ts", "**/*.ts", "**/*.tsx", ".next/types/**/*.ts"],
    exclude: ["node_modules"],
  };
  writeFileSync(path.join(targetDir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  writeFileSync(
    path.join(targetDir, "app", "layout.tsx"),
    [
      "export default function RootLayout({ children }: { children: React.ReactNode }) {",
      "  return (",
      '    <html lang="en">',
      "      <body>{children}</body>",
      "    </html>",
      "  );",
      "}",
      "",
    ].join("\n"),
  );
  writeFileSync(
    path.join(targetDir, "app", "page.tsx"),
    ["export default function Page() {", "  return <main>Empty page</main>;", "}", ""].join("\n"),
  );
}

/**
 * Runs `next build` in `dir` and writes its output to `logFile`. `onSpawn` receives the child
 * process, so the caller can stop it on SIGINT. Throws with the end of the output when it fails.
 */
export function nextBuild(projectRoot, dir, logFile, onSpawn = () => {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(projectRoot), "build"], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    onSpawn(child);
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      writeFileSync(logFile, output);
      if (code === 0) resolve();
      else reject(new Error(`next build in ${dir} failed (exit code ${code}):\n${output.trimEnd().split("\n").slice(-40).join("\n")}`));
    });
  });
}
