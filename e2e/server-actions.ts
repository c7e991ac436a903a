import { readFileSync } from "node:fs";
import { APP_URL } from "./environment";

interface ManifestEntry {
  filename?: string;
  exportedName?: string;
}

/**
 * Finds a server action's id in the production build's manifest, so tests can call the action
 * over HTTP the way any client could, without the page's JavaScript.
 */
export function serverActionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node?: Record<string, ManifestEntry>;
  };
  for (const [id, entry] of Object.entries(manifest.node ?? {})) {
    if (entry.exportedName === exportedName && (entry.filename ?? "").includes(file)) return id;
  }
  throw new Error(`server action ${exportedName} in ${file} is not in the build manifest`);
}

export interface ActionResponse {
  status: number;
  /** The RSC payload as text; the action's returned value is one of its JSON rows. */
  body: string;
  /** The `x-action-redirect` header, set when the action redirected. */
  redirect: string | null;
}

/** Calls a server action with JSON arguments, as React's client does for non-form calls. */
export async function callServerAction(options: {
  page: string;
  actionId: string;
  args: unknown[];
  cookie?: string;
  origin?: string | null;
}): Promise<ActionResponse> {
  const headers: Record<string, string> = {
    "Next-Action": options.actionId,
    "Content-Type": "text/plain;charset=UTF-8",
    Accept: "text/x-component",
  };
  if (options.origin !== null) headers.Origin = options.origin ?? APP_URL;
  if (options.cookie) headers.Cookie = options.cookie;
  const response = await fetch(`${APP_URL}${options.page}`, {
    method: "POST",
    headers,
    body: JSON.stringify(options.args),
    redirect: "manual",
  });
  return {
    status: response.status,
    body: await response.text(),
    redirect: response.headers.get("x-action-redirect"),
  };
}

/** The value an action returned, read from the RSC payload's rows. */
export function actionResult(response: ActionResponse): Record<string, unknown> | undefined {
  for (const line of response.body.split("\n")) {
    const match = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!match) continue;
    try {
      const row = JSON.parse(match[1]!) as Record<string, unknown>;
      if ("kind" in row || "ok" in row) return row;
    } catch {
      // Not a JSON row.
    }
  }
  return undefined;
}
