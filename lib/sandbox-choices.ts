import "server-only";
import type { PlatformCaller } from "@/lib/platform/http";
import { listSandboxes, type Sandbox } from "@/lib/platform/sandboxes";

// The header lists the user's sandboxes on every page; the list rarely changes, so each user's
// list is kept for a minute instead of calling the Sandbox API on every navigation.
const CACHE_MS = 60_000;
const MAX_USERS = 1_000;
const cache = new Map<string, { sandboxes: Sandbox[]; fetchedAt: number }>();

/** The active sandboxes the user can see, or null when the Sandbox API could not be read. */
export async function sandboxChoices(userKey: string, caller: PlatformCaller): Promise<Sandbox[] | null> {
  const cached = cache.get(userKey);
  if (cached && Date.now() - cached.fetchedAt < CACHE_MS) return cached.sandboxes;
  const result = await listSandboxes(caller);
  if (!result.ok) return null;
  if (cache.size >= MAX_USERS) cache.clear();
  cache.set(userKey, { sandboxes: result.data, fetchedAt: Date.now() });
  return result.data;
}

/** Forgets a user's cached list, so a sandbox check after a switch reads the API again. */
export function forgetSandboxChoices(userKey: string): void {
  cache.delete(userKey);
}
