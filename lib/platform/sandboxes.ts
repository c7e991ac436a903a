import "server-only";
import { platformRequest, type PlatformCaller, type PlatformResult } from "./http";

export interface Sandbox {
  name: string;
  title: string;
  state: string;
  type: string;
  isDefault?: boolean;
}

interface SandboxListResponse {
  sandboxes?: Sandbox[];
  _links?: { next?: { href?: string } };
}

const PAGE_SIZE = 50;
const MAX_PAGES = 20;

/**
 * Lists the sandboxes the signed-in user can see ("List available sandboxes", open to all users),
 * following `limit`/`offset` pages; the API requires both parameters together.
 */
export async function listSandboxes(caller: PlatformCaller): Promise<PlatformResult<Sandbox[]>> {
  const sandboxes: Sandbox[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await platformRequest<SandboxListResponse>(caller, {
      service: "sandbox-management",
      method: "GET",
      path: "/",
      query: [
        ["limit", String(PAGE_SIZE)],
        ["offset", String(page * PAGE_SIZE)],
      ],
      sandboxScoped: false,
      retry: true,
    });
    if (!result.ok) return result;
    const batch = result.data?.sandboxes ?? [];
    sandboxes.push(...batch);
    if (batch.length < PAGE_SIZE || !result.data?._links?.next) {
      return { ...result, data: sandboxes.filter((sandbox) => sandbox.state === "active") };
    }
  }
  return {
    ok: true,
    status: 200,
    data: sandboxes.filter((sandbox) => sandbox.state === "active"),
    requestId: "",
    headers: new Headers(),
  };
}
