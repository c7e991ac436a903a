"use server";

import { redirect } from "next/navigation";
import { authorizeAction, rejectSession, type SessionProblem } from "@/lib/action-guard";
import { describePlatformError, isSignInError, type OperatorError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { deleteConnection, exploreRoot, getConnection, testConnection } from "@/lib/platform/flow-service";
import { forgetTestOutcome, recordTestOutcome } from "@/lib/test-results";

type PlatformProblem = { ok: false; kind: "platform" } & OperatorError;

export type TestConnectionResult =
  | SessionProblem
  | PlatformProblem
  | { ok: true; passed: true; buckets: string[] }
  | { ok: true; passed: false; reason: string };

/** Runs Flow Service's connection test and, when it passes, lists the cluster's buckets. */
export async function testConnectionAction(connectionId: unknown, expectedSandbox?: unknown): Promise<TestConnectionResult> {
  const guard = await authorizeAction(expectedSandbox);
  if (!guard.ok) return guard.problem;
  if (typeof connectionId !== "string" || connectionId === "" || connectionId.length > 200) {
    return { ok: true, passed: false, reason: "The connection id is missing or invalid. Reload the page." };
  }
  const { caller } = guard;
  const context = { sandboxName: caller.sandboxName, action: "test the connection" };

  const test = await testConnection(caller, connectionId);
  if (!test.ok) {
    if (isSignInError(test.error)) return rejectSession();
    return { ok: false, kind: "platform", ...describePlatformError(test.error, context) };
  }
  if (test.data?.result !== true) {
    recordTestOutcome(caller.sandboxName, connectionId, false);
    return { ok: true, passed: false, reason: testFailureReason(test.data) };
  }
  recordTestOutcome(caller.sandboxName, connectionId, true);

  const explore = await exploreRoot(caller, connectionId);
  if (!explore.ok) {
    logger.warn({ connectionId, code: explore.error.code }, "connection test passed but explore failed");
    return { ok: true, passed: true, buckets: [] };
  }
  const buckets = (Array.isArray(explore.data) ? explore.data : []).map((item) => item.name).filter(Boolean);
  return { ok: true, passed: true, buckets };
}

/** Flow Service documents only `{result}`; a reason, when present, is shown as Adobe gives it. */
function testFailureReason(body: Record<string, unknown> | undefined): string {
  const candidates = [body?.reason, body?.message, body?.errorMessage, body?.detail];
  const reason = candidates.find((value): value is string => typeof value === "string" && value.trim() !== "");
  return reason
    ? `Experience Platform could not connect to the cluster: ${reason}`
    : "Experience Platform could not connect to the cluster. Check the server, port, user name and password, and that the cluster accepts connections from Adobe's IP addresses.";
}

export type DeleteConnectionResult =
  | SessionProblem
  | PlatformProblem
  | { ok: false; kind: "confirmation"; message: string };

/** Deletes a connection after the operator typed its exact name. */
export async function deleteConnectionAction(input: unknown, expectedSandbox?: unknown): Promise<DeleteConnectionResult> {
  const guard = await authorizeAction(expectedSandbox);
  if (!guard.ok) return guard.problem;
  const { caller } = guard;
  const { id, confirmation } = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  if (typeof id !== "string" || id === "" || typeof confirmation !== "string") {
    return { ok: false, kind: "confirmation", message: "Type the connection's name to confirm." };
  }
  const context = { sandboxName: caller.sandboxName, action: "delete the connection" };

  const current = await getConnection(caller, id);
  if (!current.ok) {
    if (isSignInError(current.error)) return rejectSession();
    return { ok: false, kind: "platform", ...describePlatformError(current.error, context) };
  }
  if (confirmation !== current.data.name) {
    return {
      ok: false,
      kind: "confirmation",
      message: "The name you typed does not match the connection's name. Type it exactly, including capitals.",
    };
  }

  const deleted = await deleteConnection(caller, id);
  if (!deleted.ok) {
    if (isSignInError(deleted.error)) return rejectSession();
    return { ok: false, kind: "platform", ...describePlatformError(deleted.error, context) };
  }
  forgetTestOutcome(caller.sandboxName, id);
  logger.info({ connectionId: id, sandbox: caller.sandboxName }, "connection deleted");
  redirect(`/connections?${new URLSearchParams({ deleted: current.data.name })}`);
}
