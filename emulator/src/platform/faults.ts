import { randomUUID } from "node:crypto";
import Ajv from "ajv";

/** A fault as POST /__emulator/faults accepts it. */
export interface FaultRequest {
  /** HTTP method, or "*" for any. */
  method: string;
  /** Exact path, or a pattern where "*" matches any run of characters, "/" included. */
  path: string;
  /** Status sent instead of the real response. Without it the call is only delayed. */
  status?: number;
  /** How many matching calls the fault applies to. Default 1. */
  times?: number;
  /** Seconds, sent as the Retry-After header. */
  retryAfter?: number;
  /** Milliseconds to wait before responding. */
  delayMs?: number;
  /** Body to send instead of the default Adobe-shaped error body. */
  body?: unknown;
  /**
   * When true, the call runs and its change is kept before the fault status replaces the
   * response. This emulates a create whose response is lost.
   */
  commit?: boolean;
}

export interface Fault extends Required<Pick<FaultRequest, "method" | "path" | "times">> {
  id: string;
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  body?: unknown;
  commit: boolean;
  /** Number of matching calls this fault still applies to. */
  remaining: number;
}

/** Longest accepted delay, so a forgotten fault cannot hang a test run for long. */
export const MAX_DELAY_MS = 120_000;

const faultSchema = {
  type: "object",
  properties: {
    method: { type: "string", pattern: "^([A-Za-z]+|\\*)$" },
    path: { type: "string", pattern: "^/" },
    status: { type: "integer", minimum: 400, maximum: 599 },
    times: { type: "integer", minimum: 1, maximum: 100000 },
    retryAfter: { type: "integer", minimum: 0, maximum: 86400 },
    delayMs: { type: "integer", minimum: 0, maximum: MAX_DELAY_MS },
    body: {},
    commit: { type: "boolean" },
  },
  required: ["method", "path"],
  additionalProperties: false,
};

const validateFault = new Ajv({ allErrors: true, strict: true }).compile<FaultRequest>(faultSchema);

function normalizePath(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

function pathMatcher(pattern: string): (path: string) => boolean {
  const normalized = normalizePath(pattern);
  if (!normalized.includes("*")) return (path) => normalizePath(path) === normalized;
  const source = normalized
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const expression = new RegExp(`^${source}$`);
  return (path) => expression.test(normalizePath(path));
}

/** Registered faults; the first one that matches a call and has calls left applies. */
export class FaultRegistry {
  private faults: { fault: Fault; matchesPath: (path: string) => boolean }[] = [];

  /** Validates and adds a fault; returns the problems instead when the request is invalid. */
  add(input: unknown): { ok: true; fault: Fault } | { ok: false; problems: string[] } {
    if (!validateFault(input)) {
      const problems = (validateFault.errors ?? []).map((error) => `${error.instancePath || "body"} ${error.message ?? "is invalid"}`);
      return { ok: false, problems };
    }
    if (input.status === undefined && input.delayMs === undefined) {
      return { ok: false, problems: ["a fault needs a status, a delayMs or both"] };
    }
    const times = input.times ?? 1;
    const fault: Fault = {
      id: randomUUID(),
      method: input.method.toUpperCase(),
      path: input.path,
      status: input.status,
      times,
      retryAfter: input.retryAfter,
      delayMs: input.delayMs,
      body: input.body,
      commit: input.commit ?? false,
      remaining: times,
    };
    this.faults.push({ fault, matchesPath: pathMatcher(input.path) });
    return { ok: true, fault };
  }

  /** Finds the fault for a call and counts the call against it. */
  take(method: string, path: string): Fault | undefined {
    const entry = this.faults.find(
      ({ fault, matchesPath }) => fault.remaining > 0 && (fault.method === "*" || fault.method === method) && matchesPath(path),
    );
    if (!entry) return undefined;
    entry.fault.remaining -= 1;
    return { ...entry.fault };
  }

  list(): Fault[] {
    return this.faults.map(({ fault }) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }
}
