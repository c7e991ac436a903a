import type { IncomingHttpHeaders } from "node:http";
import { maskConnectionString, SECRET_MASK, type SecretMasking } from "./couchbase-driver";

/** One Platform call as GET /__emulator/requests returns it. */
export interface LoggedRequest {
  requestId: string;
  /** ISO 8601 time the request arrived. */
  receivedAt: string;
  method: string;
  /** Path without the query string. */
  path: string;
  query: string;
  status: number;
  durationMs: number;
  /** Request headers; Authorization, x-user-token and Cookie are redacted. */
  headers: Record<string, string>;
  /** The JSON body with secrets masked, a note for a non-JSON body, or absent when empty. */
  body?: unknown;
  /** Set when an injected fault replaced or delayed the response. */
  faultId?: string;
}

/** Entries kept; older ones are dropped first. */
export const REQUEST_LOG_CAPACITY = 2000;

const REDACTED_HEADERS = new Set(["authorization", "x-user-token", "cookie", "proxy-authorization"]);
const SECRET_KEY = /^(pass|password|secret|clientSecret|client_secret|token|accessToken|access_token|refreshToken|refresh_token)$/i;

function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    if (!REDACTED_HEADERS.has(name)) {
      result[name] = text;
      continue;
    }
    const scheme = /^(Bearer|Basic) /i.exec(text)?.[1];
    result[name] = scheme ? `${scheme} [redacted]` : "[redacted]";
  }
  return result;
}

/** Copies a JSON value with connection strings masked and other secret-named fields replaced. */
function maskSecrets(value: unknown, masking: SecretMasking): unknown {
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, masking));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "connectionString" && typeof item === "string") copy[key] = maskConnectionString(item, masking);
    else if (SECRET_KEY.test(key)) copy[key] = SECRET_MASK;
    else copy[key] = maskSecrets(item, masking);
  }
  return copy;
}

function loggedBody(text: string, masking: SecretMasking): unknown {
  if (text === "") return undefined;
  try {
    return maskSecrets(JSON.parse(text), masking);
  } catch {
    return `[body that is not JSON, ${Buffer.byteLength(text)} bytes, not kept]`;
  }
}

export interface RequestLogInput {
  requestId: string;
  receivedAt: Date;
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  headers: IncomingHttpHeaders;
  bodyText: string;
  faultId?: string;
}

/** Log of the Platform calls received, newest last, with secrets redacted before they are stored. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly masking: SecretMasking) {}

  record(input: RequestLogInput): void {
    const entry: LoggedRequest = {
      requestId: input.requestId,
      receivedAt: input.receivedAt.toISOString(),
      method: input.method,
      path: input.path,
      query: input.query,
      status: input.status,
      durationMs: input.durationMs,
      headers: redactHeaders(input.headers),
    };
    const body = loggedBody(input.bodyText, this.masking);
    if (body !== undefined) entry.body = body;
    if (input.faultId !== undefined) entry.faultId = input.faultId;
    this.entries.push(entry);
    if (this.entries.length > REQUEST_LOG_CAPACITY) this.entries.splice(0, this.entries.length - REQUEST_LOG_CAPACITY);
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
