import type { BrowserContext } from "@playwright/test";
import { CLIENT_ID, DEMO_ORG_ID, EMULATOR_URL } from "./environment";
import { readSession } from "./session-cookie";

/**
 * Calls the emulated Flow Service directly with the operator's own IMS token, read from the
 * browser's session cookie: what a second person editing the same connection would do.
 */
export async function flowService(
  context: BrowserContext,
  method: string,
  path: string,
  options: { sandbox?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const session = await readSession(context);
  const response = await fetch(`${EMULATOR_URL}/data/foundation/flowservice${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${session.accessToken}`,
      "x-api-key": CLIENT_ID,
      "x-gw-ims-org-id": DEMO_ORG_ID,
      "x-sandbox-name": options.sandbox ?? "prod",
      ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}
