import { IncomingMessage } from "node:http";

/**
 * Rewrites IMS requests into the form oidc-provider 9 expects, before it reads them. Each rule
 * copies something Adobe IMS accepts that plain OpenID Connect does not.
 */

export interface RegisteredClient {
  clientId: string;
  /** The client's default redirect URI: the first of EMULATOR_REDIRECT_URIS. */
  defaultRedirectUri: string;
}

/** Maximum form body the IMS routes accept, in bytes. oidc-provider 9 uses the same limit. */
export const MAX_FORM_BYTES = 56 * 1024;

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** Joins scope names with spaces. IMS separates them with commas or spaces, oidc-provider with spaces only. */
export function normalizeScope(scope: string): string {
  return scope
    .split(/[\s,]+/)
    .filter((name) => name !== "")
    .join(" ");
}

// A repeated scope parameter stays as it is, so that oidc-provider rejects it as it should.
function normalizeScopeParameter(parameters: URLSearchParams): void {
  const values = parameters.getAll("scope");
  if (values.length === 1 && values[0] !== undefined) parameters.set("scope", normalizeScope(values[0]));
}

/** Applies the IMS rules to the parameters of an authorization request, in place. */
export function normalizeAuthorizationParameters(parameters: URLSearchParams, client: RegisteredClient): void {
  normalizeScopeParameter(parameters);
  if (parameters.get("client_id") !== client.clientId) return;

  // IMS sends the user to the client's default redirect URI when the request names none.
  if (!parameters.has("redirect_uri")) parameters.set("redirect_uri", client.defaultRedirectUri);

  // OpenID Connect Core 1.0 section 11 grants offline_access only with prompt=consent, and
  // oidc-provider drops the scope otherwise. IMS issues refresh tokens without it. Consent is
  // automatic for the registered client, so adding it shows the user no extra page.
  const scopes = (parameters.get("scope") ?? "").split(" ");
  const prompt = parameters.get("prompt");
  if (scopes.includes("offline_access")) {
    if (prompt === null || prompt === "") {
      parameters.set("prompt", "consent");
    } else if (!prompt.split(" ").includes("none") && !prompt.split(" ").includes("consent")) {
      parameters.set("prompt", `${prompt} consent`);
    }
  }
}

/** Applies the IMS rules to the form of a token request, in place. */
export function normalizeTokenParameters(parameters: URLSearchParams, client: RegisteredClient): void {
  normalizeScopeParameter(parameters);
  // Adobe's token request for a web app sends only code and grant_type. oidc-provider still
  // checks that the code was issued for this redirect URI.
  if (parameters.get("grant_type") === "authorization_code" && !parameters.has("redirect_uri")) {
    parameters.set("redirect_uri", client.defaultRedirectUri);
  }
}

/** Reads a request body of at most `limit` bytes. Throws BodyTooLargeError above it. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(`The request body is larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    received += buffer.length;
    if (received > limit) throw new BodyTooLargeError(`The request body is larger than ${limit} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, received);
}

/**
 * Returns a request with the same method, URL and headers as `request` whose body stream is
 * `body`, for handing to oidc-provider after this module has read and rewritten the original.
 */
export function replayRequest(request: IncomingMessage, body: Buffer): IncomingMessage {
  const replay = new IncomingMessage(request.socket);
  replay.method = request.method;
  replay.url = request.url;
  replay.httpVersion = request.httpVersion;
  replay.httpVersionMajor = request.httpVersionMajor;
  replay.httpVersionMinor = request.httpVersionMinor;
  replay.headers = { ...request.headers, "content-length": String(body.length) };
  delete replay.headers["transfer-encoding"];
  // Without `complete`, Node treats the end of this stream as an aborted request and destroys
  // the socket that the response still needs (IncomingMessage._destroy in Node 20).
  replay.complete = true;
  replay.push(body);
  replay.push(null);
  return replay;
}

export function isFormRequest(request: IncomingMessage): boolean {
  const contentType = request.headers["content-type"] ?? "";
  return contentType.split(";")[0]?.trim().toLowerCase() === "application/x-www-form-urlencoded";
}
