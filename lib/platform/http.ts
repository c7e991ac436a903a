import "server-only";
import { randomUUID } from "node:crypto";
import { getConfig } from "@/lib/config";
import { logger } from "@/lib/logger";
import { recordUpstreamTime } from "@/lib/server-timing";

/** Who calls Platform and in which sandbox. The access token never leaves the server. */
export interface PlatformCaller {
  accessToken: string;
  sandboxName: string;
}

/** A failed Platform call, normalised from Adobe's gateway, problem and legacy error bodies. */
export interface PlatformError {
  /** HTTP status, or 0 when no response arrived (timeout, network). */
  status: number;
  /** Adobe's code: a gateway code such as "401013", a Flow Service code such as "1404-412". */
  code: string;
  /** Adobe's own message, with anything that looks like a connection string or token removed. */
  message: string;
  requestId: string;
  kind: "http" | "timeout" | "network";
  retryAfterSeconds?: number;
}

export type PlatformResult<T> =
  | { ok: true; status: number; data: T; requestId: string; headers: Headers }
  | { ok: false; error: PlatformError };

export interface PlatformRequest {
  service: "flowservice" | "sandbox-management";
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Path below the service root, starting with "/". */
  path: string;
  query?: [string, string][];
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends x-sandbox-name; the Sandbox Management API takes none. */
  sandboxScoped?: boolean;
  /**
   * Retries 429, 502, 503 and 504 with backoff. Only for calls that change nothing: a create is
   * never retried blindly, because a retry after a lost response could create a duplicate.
   */
  retry?: boolean;
}

const SERVICE_ROOTS = {
  flowservice: "/data/foundation/flowservice",
  "sandbox-management": "/data/foundation/sandbox-management",
} as const;

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const MAX_RETRY_WAIT_MS = 10_000;

/** Sends one Platform request with Adobe's documented headers, a timeout and bounded retries. */
export async function platformRequest<T>(
  caller: PlatformCaller,
  request: PlatformRequest,
): Promise<PlatformResult<T>> {
  const config = getConfig();
  const url = new URL(
    `${config.ADOBE_PLATFORM_URL}${SERVICE_ROOTS[request.service]}${request.path}`,
  );
  for (const [key, value] of request.query ?? []) url.searchParams.append(key, value);

  const headers: Record<string, string> = {
    Authorization: `Bearer ${caller.accessToken}`,
    "x-api-key": config.ADOBE_CLIENT_ID,
    "x-gw-ims-org-id": config.ADOBE_IMS_ORG_ID,
    Accept: "application/json",
    ...request.headers,
  };
  if (request.sandboxScoped !== false) headers["x-sandbox-name"] = caller.sandboxName;
  if (request.body !== undefined) headers["Content-Type"] = "application/json";

  const maxAttempts = request.retry ? config.FLOW_SERVICE_MAX_RETRIES + 1 : 1;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const requestId = randomUUID();
    const result = await sendOnce<T>(url, request, { ...headers, "x-request-id": requestId });
    const status = result.ok ? result.status : result.error.status;
    const retryable = !result.ok && RETRYABLE_STATUSES.has(status) && attempt < maxAttempts;
    if (!retryable) return result;

    const waitMs = retryDelayMs(attempt, result.ok ? undefined : result.error.retryAfterSeconds);
    if (waitMs > MAX_RETRY_WAIT_MS) return result;
    logger.warn(
      { method: request.method, path: request.path, status, attempt, waitMs, requestId },
      "retrying Platform call",
    );
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

async function sendOnce<T>(
  url: URL,
  request: PlatformRequest,
  headers: Record<string, string>,
): Promise<PlatformResult<T>> {
  const config = getConfig();
  const requestId = headers["x-request-id"] ?? "";
  const started = performance.now();
  const logFields = { method: request.method, path: `${SERVICE_ROOTS[request.service]}${request.path}`, requestId };
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(config.FLOW_SERVICE_TIMEOUT_MS),
      cache: "no-store",
    });
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    recordUpstreamTime(performance.now() - started);
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    logger.error({ ...logFields, durationMs, kind: timedOut ? "timeout" : "network" }, "Platform call failed");
    return {
      ok: false,
      error: {
        status: 0,
        code: timedOut ? "timeout" : "network",
        message: timedOut
          ? `No answer within ${config.FLOW_SERVICE_TIMEOUT_MS} ms.`
          : "The Platform service could not be reached.",
        requestId,
        kind: timedOut ? "timeout" : "network",
      },
    };
  }

  const text = await response.text().catch(() => "");
  const durationMs = Math.round(performance.now() - started);
  recordUpstreamTime(performance.now() - started);
  const upstreamRequestId = response.headers.get("x-request-id") ?? requestId;
  const level = response.ok ? "info" : response.status >= 500 ? "error" : "warn";
  logger[level]({ ...logFields, status: response.status, durationMs, requestId: upstreamRequestId }, "Platform call");

  if (response.ok) {
    const data = (text ? safeJson(text) : undefined) as T;
    return { ok: true, status: response.status, data, requestId: upstreamRequestId, headers: response.headers };
  }
  return { ok: false, error: parseErrorBody(response, text, upstreamRequestId) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryDelayMs(attempt: number, retryAfterSeconds: number | undefined): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
  return Math.min(200 * 2 ** (attempt - 1), 3_000);
}

/** Reads Retry-After as delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Normalises the three error body shapes Adobe documents: the gateway's `{error_code, message}`,
 * Flow Service's problem body (`type` ending in `FLOW-<code>`, `title`, `errorMessage`, `report`)
 * and the older `{errorMessage}`.
 */
export function parseErrorBody(response: Response, text: string, requestId: string): PlatformError {
  const body = safeJson(text);
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const report =
    typeof fields.report === "object" && fields.report !== null
      ? (fields.report as Record<string, unknown>)
      : {};
  const typeCode =
    typeof fields.type === "string" ? /[A-Z]+-(\d{3,4}-\d{3})$/.exec(fields.type)?.[1] : undefined;
  const code =
    stringField(fields.error_code) ??
    typeCode ??
    stringField(fields.code) ??
    String(response.status);
  const message =
    stringField(fields.errorMessage) ??
    stringField(report["detailed-message"]) ??
    stringField(fields.message) ??
    stringField(fields.detail) ??
    stringField(fields.title) ??
    (response.statusText || `HTTP ${response.status}`);
  return {
    status: response.status,
    code,
    message: scrubSecrets(message),
    requestId: stringField(report["request-id"]) ?? requestId,
    kind: "http",
    retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
  };
}

function stringField(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * Removes connection strings, credential JSON and bearer tokens from text that came back from
 * Platform, so an error message shown to an operator never echoes a secret.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/CredString\s*=.*?(\]\s*;|$)/gis, "CredString=[hidden]")
    .replace(/"pass"\s*:\s*"(?:[^"\\]|\\.)*"/gi, '"pass":"[hidden]"')
    .replace(/Server\s*=[^;]*;\s*Port\s*=[^;]*;?/gi, "[connection string hidden]")
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, "Bearer [hidden]")
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, "[token hidden]");
}
