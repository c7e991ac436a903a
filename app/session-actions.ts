"use server";

import { redirect } from "next/navigation";
import { authorizeAction } from "@/lib/action-guard";
import { endSession, getHeaderSession, setSessionSandbox, signInPath } from "@/lib/auth";
import { logger } from "@/lib/logger";
import { forgetSandboxChoices, sandboxChoices } from "@/lib/sandbox-choices";

/** Signs the operator out: deletes the session cookie and revokes the IMS refresh token. */
export async function signOutAction(): Promise<void> {
  await endSession();
  redirect("/signin?signedOut=1");
}

/** Switches the session's sandbox to one the Sandbox API lists for the user. */
export async function switchSandboxAction(formData: FormData): Promise<void> {
  const guard = await authorizeAction();
  if (!guard.ok) {
    const expired = guard.problem.kind === "session" && guard.problem.reason === "expired";
    redirect(signInPath("/connections", expired ? "expired" : undefined));
  }
  const session = await getHeaderSession();
  const requested = formData.get("sandbox");
  if (!session || typeof requested !== "string") redirect("/connections");

  forgetSandboxChoices(session.imsUserId);
  const sandboxes = await sandboxChoices(session.imsUserId, guard.caller);
  const allowed = sandboxes?.some((sandbox) => sandbox.name === requested) ?? false;
  if (!allowed) {
    logger.warn({ sandbox: requested }, "sandbox switch rejected: not in the user's sandbox list");
    redirect(`/connections?${new URLSearchParams({ sandboxError: requested.slice(0, 100) })}`);
  }
  await setSessionSandbox(requested);
  // The list page announces the switch; the sandbox's name comes from the session, not the URL.
  redirect("/connections?switched=1");
}
