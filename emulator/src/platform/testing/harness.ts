// Test support for the Platform part's contract tests: runs createPlatform behind a real HTTP
// server on 127.0.0.1 and a free port, with access tokens that are real RS256 JWTs signed here.
// Only tests import this module.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from "jose";
import pino from "pino";
import usersJson from "../../../fixtures/users.json";
import type { AccessTokenClaims, FixtureUser } from "../../types";
import { createPlatform, type Platform } from "../index";

export const USERS = usersJson as FixtureUser[];
export const OPERATOR = USERS.find((user) => user.email === "operator@example.com")!;
export const ANALYST = USERS.find((user) => user.email === "analyst@example.com")!;
export const OTHER_ORG_USER = USERS.find((user) => user.email === "other-org@example.com")!;
export const CLIENT_ID = "sourcedesk-test";
export const OTHER_CLIENT_ID = "another-registered-client";
export const DEMO_ORG = OPERATOR.imsOrgId;
export const COUCHBASE_SPEC_ID = "1fe283f6-9bec-11ea-bb37-0242ac130002";
export const AUTH_SPEC_NAME = "Connection String Based Authentication";
export const ISSUER = "https://ims.platform-test.invalid";

export interface TokenOptions {
  user?: FixtureUser;
  clientId?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface CallOptions {
  token?: string | null;
  apiKey?: string | null;
  org?: string | null;
  sandbox?: string | null;
  /** Serialised as JSON with Content-Type application/json unless `rawBody` is given. */
  json?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface PlatformHarness {
  url: string;
  platform: Platform;
  token(options?: TokenOptions): Promise<string>;
  /** A Platform call with valid headers for the operator in sandbox prod, each overridable; null drops a header. */
  call(method: string, path: string, options?: CallOptions): Promise<TestResponse>;
  /** A call to a test control under /__emulator/. */
  control(method: string, path: string, body?: unknown): Promise<TestResponse>;
  /** Log lines the platform wrote, as text. */
  logText(): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  dataFile?: string;
}

/** Starts createPlatform behind http.createServer on 127.0.0.1, port 0. */
export async function startPlatform(options: HarnessOptions = {}): Promise<PlatformHarness> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  let logText = "";
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logText += chunk.toString("utf8");
      done();
    },
  });
  const platform = createPlatform({
    verifyAccessToken: (token) => verify(publicKey, token),
    users: USERS,
    clientIds: [CLIENT_ID, OTHER_CLIENT_ID],
    dataFile: options.dataFile,
    logger: pino({ level: "debug" }, destination),
  });
  const server: Server = createServer((req, res) => {
    void platform.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const token = (tokenOptions: TokenOptions = {}) => sign(privateKey, tokenOptions);
  const defaultToken = await token();

  async function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<TestResponse> {
    // A Buffer body keeps fetch from adding a Content-Type of its own.
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : Buffer.from(body) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text === "" ? undefined : JSON.parse(text) };
  }

  return {
    url,
    platform,
    token,
    call(method, path, callOptions = {}) {
      const headers: Record<string, string> = {};
      const set = (name: string, value: string | null | undefined, fallback: string) => {
        if (value !== null) headers[name] = value ?? fallback;
      };
      set("Authorization", callOptions.token === null ? null : `Bearer ${callOptions.token ?? defaultToken}`, "");
      set("x-api-key", callOptions.apiKey, CLIENT_ID);
      set("x-gw-ims-org-id", callOptions.org, DEMO_ORG);
      set("x-sandbox-name", callOptions.sandbox, "prod");
      let body = callOptions.rawBody;
      if (callOptions.json !== undefined) {
        body = JSON.stringify(callOptions.json);
        headers["Content-Type"] = "application/json";
      }
      Object.assign(headers, callOptions.headers);
      return send(method, path, headers, body);
    },
    control(method, path, body) {
      const headers: Record<string, string> = body === undefined ? {} : { "Content-Type": "application/json" };
      return send(method, `/__emulator${path}`, headers, body === undefined ? undefined : JSON.stringify(body));
    },
    logText: () => logText,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await platform.close();
    },
  };
}

async function sign(privateKey: CryptoKey, options: TokenOptions): Promise<string> {
  const user = options.user ?? OPERATOR;
  return new SignJWT({ client_id: options.clientId ?? CLIENT_ID, scope: "openid,AdobeID" })
    .setProtectedHeader({ alg: "RS256", kid: "platform-test" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 3600))
    .sign(privateKey);
}

async function verify(publicKey: CryptoKey, token: string): Promise<AccessTokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, publicKey, { issuer: ISSUER, algorithms: ["RS256"] });
    return {
      userId: String(payload.sub),
      clientId: String(payload.client_id),
      expiresAt: Number(payload.exp),
      scopes: String(payload.scope ?? "").split(","),
    };
  } catch {
    return null;
  }
}

/** Returns a connection string for the demo cluster in the layout of Adobe's tutorial. */
export function demoConnectionString(password = "Demo-p4ss", server = "couchbase.demo.internal", port = 8093): string {
  return `Server=${server}; Port=${port};AuthMech=1;CredString=[{"user": "etl_reader", "pass":"${password}"}];`;
}

/** Returns a valid POST /connections body for the Couchbase spec. */
export function newConnectionBody(name: string, connectionString = demoConnectionString()): Record<string, unknown> {
  return {
    name,
    description: `${name} (test)`,
    auth: { specName: AUTH_SPEC_NAME, params: { connectionString } },
    connectionSpec: { id: COUCHBASE_SPEC_ID, version: "1.0" },
  };
}
