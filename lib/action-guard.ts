import "server-only";
import { clearSessionTokens, getActionCaller } from "@/lib/auth";
import type { PlatformCaller } from "@/lib/platform/http";

/** Returned instead of doing anything when the request has no usable session. */
export interface SessionProblem {
  ok: false;
  kind: "session";
  reason: "signed-out" | "expired";
  message: string;
}

/**
 * The first call of every server action: an action is a public POST endpoint, so it checks the
 * session itself instead of trusting the page that rendered it.
 */
export async function authorizeAction(): Promise<
  { ok: true; caller: PlatformCaller } | { ok: false; problem: SessionProblem }
> {
  const caller = await getActionCaller();
  if (caller.ok) {
    return { ok: true, caller: { accessToken: caller.accessToken, sandboxName: caller.sandboxName } };
  }
  return {
    ok: false,
    problem: {
      ok: false,
      kind: "session",
      reason: caller.reason,
      message:
        caller.reason === "expired"
          ? "Your Adobe sign-in has expired. Sign in again to continue; what you typed is kept, except the password."
          : "You are signed out. Sign in to continue; what you typed is kept, except the password.",
    },
  };
}

/**
 * For an action that Platform answered with an invalid-token error: forgets the session's IMS
 * tokens, so the sign-in page asks for a new sign-in instead of sending the operator straight
 * back with the same rejected token.
 */
export async function rejectSession(): Promise<SessionProblem> {
  await clearSessionTokens();
  return {
    ok: false,
    kind: "session",
    reason: "expired",
    message:
      "Your Adobe sign-in is no longer valid. Sign in again to continue; what you typed is kept, except the password.",
  };
}
