import "server-only";
import type { Operation } from "fast-json-patch";
import {
  COUCHBASE_AUTH_SPEC_NAME,
  COUCHBASE_CONNECTION_SPEC_ID,
} from "@/lib/sources/couchbase";
import { platformRequest, type PlatformCaller, type PlatformResult } from "./http";

/** A base connection as Flow Service returns it (GET /connections and /connections/{id}). */
export interface Connection {
  id: string;
  name: string;
  description?: string;
  connectionSpec: { id: string; version?: string };
  state?: string;
  auth?: { specName?: string; params?: Record<string, unknown> };
  /** Epoch milliseconds. */
  createdAt?: number;
  updatedAt?: number;
  createdBy?: string;
  updatedBy?: string;
  createdClient?: string;
  updatedClient?: string;
  sandboxName?: string;
  imsOrgId?: string;
  /** Quoted, as Adobe sends it: `"\"0c00...\""`. Sent back unchanged in If-Match. */
  etag?: string;
  version?: string;
}

export interface ConnectionPage {
  items: Connection[];
  /** Flow Service's continuationToken for the next page, read from `_links.next.href`. */
  nextToken?: string;
}

export interface NewConnection {
  name: string;
  description?: string;
  connectionString: string;
}

interface ListResponse {
  items?: Connection[];
  _links?: { next?: { href?: string } };
  count?: number;
}

/** Creates a Couchbase base connection with the body Adobe's Couchbase tutorial documents. */
export function createConnection(
  caller: PlatformCaller,
  connection: NewConnection,
): Promise<PlatformResult<{ id: string; etag: string }>> {
  return platformRequest(caller, {
    service: "flowservice",
    method: "POST",
    path: "/connections",
    body: {
      name: connection.name,
      description: connection.description ?? "",
      auth: {
        specName: COUCHBASE_AUTH_SPEC_NAME,
        params: { connectionString: connection.connectionString },
      },
      connectionSpec: { id: COUCHBASE_CONNECTION_SPEC_ID, version: "1.0" },
    },
  });
}

export interface ListOptions {
  /** Exact name to match; Flow Service's property filter has no "contains" operator. */
  name?: string;
  limit: number;
  continuationToken?: string;
}

/** Lists the sandbox's Couchbase connections, newest first, one page at a time. */
export async function listConnections(
  caller: PlatformCaller,
  options: ListOptions,
): Promise<PlatformResult<ConnectionPage>> {
  const query: [string, string][] = [
    ["property", `connectionSpec.id==${COUCHBASE_CONNECTION_SPEC_ID}`],
    ["orderby", "-createdAt"],
    ["limit", String(options.limit)],
  ];
  if (options.name !== undefined) query.push(["property", `name==${options.name}`]);
  if (options.continuationToken) query.push(["continuationToken", options.continuationToken]);

  const result = await platformRequest<ListResponse>(caller, {
    service: "flowservice",
    method: "GET",
    path: "/connections",
    query,
    retry: true,
  });
  if (!result.ok) return result;
  const items = result.data?.items ?? [];
  return {
    ...result,
    data: {
      // A comma in a name is an OR inside the filter, so keep only exact matches.
      items: options.name === undefined ? items : items.filter((item) => item.name === options.name),
      nextToken: continuationTokenFrom(result.data?._links?.next?.href),
    },
  };
}

/** Finds the sandbox's Couchbase connections whose name is exactly `name`. */
export async function findConnectionsByName(
  caller: PlatformCaller,
  name: string,
): Promise<PlatformResult<Connection[]>> {
  const result = await listConnections(caller, { name, limit: 10 });
  if (!result.ok) return result;
  return { ...result, data: result.data.items };
}

/** Reads `continuationToken` from a `_links.next.href`, relative to the Flow Service root. */
export function continuationTokenFrom(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const token = new URL(href, "https://flowservice.invalid/").searchParams.get("continuationToken");
  return token || undefined;
}

/**
 * Connection ids are UUIDs at Adobe. Letters, digits, `-` and `_` are allowed here, so an id can
 * never be `.` or `..` (which URL resolution would turn into another Flow Service path) or hold
 * a `/`. Any other id is reported as not found without a request.
 */
const CONNECTION_ID = /^[A-Za-z0-9_-]{1,128}$/;

function connectionPath(id: string, suffix = ""): string | undefined {
  return CONNECTION_ID.test(id) ? `/connections/${id}${suffix}` : undefined;
}

function notFound<T>(requestId = ""): PlatformResult<T> {
  return {
    ok: false,
    error: { status: 404, code: "1101-404", message: "Resource not found", requestId, kind: "http" },
  };
}

/** Reads one connection. Flow Service wraps a single item in `{items: [...]}`. */
export async function getConnection(
  caller: PlatformCaller,
  id: string,
): Promise<PlatformResult<Connection>> {
  const path = connectionPath(id);
  if (!path) return notFound();
  const result = await platformRequest<ListResponse>(caller, { service: "flowservice", method: "GET", path, retry: true });
  if (!result.ok) return result;
  const item = result.data?.items?.[0];
  if (!item || item.id.toLowerCase() !== id.toLowerCase()) return notFound(result.requestId);
  return { ...result, data: item };
}

/** Applies a JSON Patch with If-Match set to the etag the operator's page was rendered from. */
export function updateConnection(
  caller: PlatformCaller,
  id: string,
  etag: string,
  operations: Operation[],
): Promise<PlatformResult<{ id: string; etag: string }>> {
  const path = connectionPath(id);
  if (!path) return Promise.resolve(notFound());
  return platformRequest(caller, {
    service: "flowservice",
    method: "PATCH",
    path,
    headers: { "If-Match": etag },
    body: operations,
  });
}

export function deleteConnection(
  caller: PlatformCaller,
  id: string,
): Promise<PlatformResult<undefined>> {
  const path = connectionPath(id);
  if (!path) return Promise.resolve(notFound());
  return platformRequest(caller, {
    service: "flowservice",
    method: "DELETE",
    path,
  });
}

export interface ConnectionTestResult {
  result: boolean;
  [detail: string]: unknown;
}

export function testConnection(
  caller: PlatformCaller,
  id: string,
): Promise<PlatformResult<ConnectionTestResult>> {
  const path = connectionPath(id, "/test");
  if (!path) return Promise.resolve(notFound());
  return platformRequest(caller, {
    service: "flowservice",
    method: "GET",
    path,
    retry: true,
  });
}

/** One table-like object from `explore?objectType=root`; for Couchbase, a bucket. */
export interface ExploreItem {
  type: string;
  name: string;
  path?: string;
}

export function exploreRoot(
  caller: PlatformCaller,
  id: string,
): Promise<PlatformResult<ExploreItem[]>> {
  const path = connectionPath(id, "/explore");
  if (!path) return Promise.resolve(notFound());
  return platformRequest(caller, {
    service: "flowservice",
    method: "GET",
    path,
    query: [["objectType", "root"]],
    retry: true,
  });
}
