// Starting, watching and stopping the servers the benchmark runs, and reading their memory from
// /proc (Linux only).
import { spawn } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";

/** Returns a TCP port on 127.0.0.1 that was free a moment ago (the OS picks it from its ephemeral range). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A child process whose stdout and stderr go to `logFile`. `lines` collects stdout lines as they
 * arrive, so callers can read structured log lines (pino JSON) from it.
 */
export class ManagedProcess {
  constructor({ name, command, args, cwd, env, logFile }) {
    this.name = name;
    this.logFile = logFile;
    this.lines = [];
    this.exited = false;
    this.exitCode = null;
    this.log = createWriteStream(logFile, { flags: "w" });
    this.child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    this.exitPromise = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => {
        this.exited = true;
        this.exitCode = code ?? signal;
        resolve();
      });
    });
    let pending = "";
    this.child.stdout.on("data", (chunk) => {
      this.log.write(chunk);
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const line of parts) if (line.trim() !== "") this.lines.push(line);
    });
    this.child.stderr.on("data", (chunk) => this.log.write(chunk));
  }

  get pid() {
    return this.child.pid;
  }

  /** Returns the last `count` lines of the log file, for error messages. */
  tail(count = 30) {
    try {
      return readFileSync(this.logFile, "utf8").trimEnd().split("\n").slice(-count).join("\n");
    } catch {
      return "(no log)";
    }
  }

  /** Sends SIGTERM, then SIGKILL after `graceMs` if the process is still running. */
  async stop(graceMs = 5_000) {
    if (!this.exited) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (!this.exited) this.child.kill("SIGKILL");
      }, graceMs);
      await this.exitPromise;
      clearTimeout(timer);
    }
    await new Promise((resolve) => this.log.end(resolve));
  }
}

/** Polls `url` until it returns a 2xx status. Throws when `server` exits or `timeoutMs` passes. */
export async function waitForHttp(url, server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited) {
      throw new Error(`${server.name} exited (code ${server.exitCode}) before ${url} responded. Log ${server.logFile}:\n${server.tail()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${server.name} did not respond at ${url} within ${timeoutMs / 1000} s. Log ${server.logFile}:\n${server.tail()}`);
}

/** Returns `pid` and the ids of all its descendants, read from /proc/<pid>/stat. */
export function processTree(pid) {
  const childrenOf = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // The process ended while the directory was read.
    }
    // The command name (field 2) may contain spaces and brackets, so read the fields after its ")".
    const parentPid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const siblings = childrenOf.get(parentPid) ?? [];
    siblings.push(Number(entry));
    childrenOf.set(parentPid, siblings);
  }
  const tree = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift();
    tree.push(current);
    queue.push(...(childrenOf.get(current) ?? []));
  }
  return tree;
}

/** Returns VmRSS and VmHWM (resident set size now and its high-water mark) of one process, in KiB. */
export function readMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${name} line`);
    return Number(match[1]);
  };
  return { rssKiB: field("VmRSS"), hwmKiB: field("VmHWM") };
}

/**
 * Resets the RSS high-water mark (VmHWM) of each process to its current RSS, by writing "5" to
 * /proc/<pid>/clear_refs (Linux 4.0 and later; see proc(5)).
 */
export function resetPeakMemory(pids) {
  for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, "5");
}
