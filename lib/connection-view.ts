import "server-only";
import type { Connection } from "@/lib/platform/flow-service";
import { parseConnectionString } from "@/lib/sources/couchbase";

/** What pages show of a connection: no secret, and server details only when readable. */
export interface ConnectionView {
  id: string;
  name: string;
  description: string;
  state: string;
  createdAt?: number;
  updatedAt?: number;
  createdBy?: string;
  updatedBy?: string;
  sandboxName?: string;
  etag?: string;
  /** Read back from the stored connection string when Platform returns it in a readable form. */
  cluster?: { server: string; port: number; user: string };
}

export function toConnectionView(connection: Connection): ConnectionView {
  const stored = connection.auth?.params?.connectionString;
  let cluster: ConnectionView["cluster"];
  if (typeof stored === "string") {
    const parsed = parseConnectionString(stored);
    // Platform masks the password; server, port and user are what pages may show.
    if (parsed.ok) {
      const { server, port, user } = parsed.credentials;
      cluster = { server, port, user };
    }
  }
  return {
    id: connection.id,
    name: connection.name,
    description: connection.description ?? "",
    state: connection.state ?? "unknown",
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
    createdBy: connection.createdBy,
    updatedBy: connection.updatedBy,
    sandboxName: connection.sandboxName,
    etag: connection.etag,
    cluster,
  };
}

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** Formats Flow Service's epoch milliseconds as a UTC date and time. */
export function formatTimestamp(epochMs: number | undefined): string {
  if (epochMs === undefined) return "Not reported";
  return `${DATE_FORMAT.format(new Date(epochMs))} UTC`;
}

/** The connection as the edit page showed it; the base the operator's edits apply to. */
export interface EditBase {
  /** Quoted etag, sent back unchanged in If-Match. */
  etag: string;
  name: string;
  description: string;
  server: string;
  port: string;
  user: string;
}

/** The edit form's starting values for a connection; the password is never among them. */
export function editBaseFrom(connection: Connection): EditBase {
  const view = toConnectionView(connection);
  return {
    etag: connection.etag ?? "",
    name: view.name,
    description: view.description,
    server: view.cluster?.server ?? "",
    port: view.cluster ? String(view.cluster.port) : "",
    user: view.cluster?.user ?? "",
  };
}
