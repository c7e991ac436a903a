import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { getActionCaller, markForcedRefresh, signInPath } from "@/lib/auth";
import { safeReturnPath } from "@/lib/return-path";

/**
 * Refreshes an expired IMS access token and returns to the page that needed it. Pages cannot set
 * cookies, so they send the browser here; a route handler can write the rotated session cookie.
 */
export async function GET(request: NextRequest) {
  const returnTo = safeReturnPath(request.nextUrl.searchParams.get("returnTo"));
  // force=1: Platform rejected a token that had not expired yet (revoked), so refresh it anyway.
  const forceRefresh = request.nextUrl.searchParams.get("force") === "1";
  const caller = await getActionCaller({ forceRefresh });
  if (forceRefresh) await markForcedRefresh();
  // redirect() keeps the cookies written through next/headers; a returned Response would not.
  redirect(caller.ok ? returnTo : signInPath(returnTo, caller.reason === "expired" ? "expired" : undefined));
}
