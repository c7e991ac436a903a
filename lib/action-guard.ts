import "server-only";
import { clearSessionTokens, getActionCaller } from "@/lib/auth";
import type { OperatorError } from "@/lib/errors";
import type { PlatformCaller } from "@/lib/platform/http";

/** Returned instead of doing anything when the request has no usable session. */
export interface SessionProblem {
  ok: false;
  kind: "session";
  reason: "signed-out" | "expired";
  message: string;
}

/** Returned instead of doing anything when the session's sandbox is not the page's. */
export type SandboxChanged = { ok: false; kind: "platform" } & OperatorError;

/**
 * Authorizes a server action, and is the first call of every one. An action is a public POST
 * endpoint, so it checks the session itself instead of trusting the page that rendered it.
 *
 * `expectedSandbox` is the sandbox the page showed. The sandbox lives in the session, so a switch
 * in another tab changes it for every tab. An action from a page rendered for another sandbox
 * therefore does nothing and returns a message, instead of acting in a sandbox the operator did
 * not see.
 */
export async function authorizeAction(
  expectedSandbox?: unknown,
): Promise<{ ok: true; caller: PlatformCaller } | { ok: false; problem: SessionProblem | SandboxChanged }> {
  const caller = await getActionCaller();
  if (caller.ok) {
    if (typeof expectedSandbox === "string" && expectedSandbox !== caller.sandboxName) {
      return { ok: false, problem: sandboxChanged(expectedSandbox, caller.sandboxName) };
    }
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

function sandboxChanged(pageSandbox: string, sessionSandbox: string): SandboxChanged {
  return {
    ok: false,
    kind: "platform",
    message: `Nothing was done: this page is for sandbox "${pageSandbox}", but sandbox "${sessionSandbox}" has since been chosen in another tab or window.`,
    nextStep: `To act in "${pageSandbox}", choose it again in the header, then repeat this. To work in "${sessionSandbox}", reload the page.`,
    details: { code: "SANDBOX_CHANGED", requestId: "", status: 409, platformMessage: "" },
  };
}
