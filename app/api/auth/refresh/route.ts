import { NextResponse, type NextRequest } from "next/server";
import { getActionCaller, safeReturnPath, signInPath } from "@/lib/auth";
import { getConfig } from "@/lib/config";

/**
 * Refreshes an expired IMS access token and returns to the page that needed it. Pages cannot set
 * cookies, so they send the browser here; a route handler can write the rotated session cookie.
 */
export async function GET(request: NextRequest) {
  const returnTo = safeReturnPath(request.nextUrl.searchParams.get("returnTo"));
  const caller = await getActionCaller();
  const target = caller.ok ? returnTo : signInPath(returnTo, caller.reason === "expired" ? "expired" : undefined);
  return NextResponse.redirect(new URL(target, getConfig().NEXTAUTH_URL), 303);
}
