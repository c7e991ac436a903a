"use server";

import { redirect } from "next/navigation";
import { authorizeAction, rejectSession, type SessionProblem } from "@/lib/action-guard";
import { connectionFormSchema, fieldErrorsFrom, type ConnectionFormField } from "@/lib/connection-schema";
import { describePlatformError, isSignInError, type OperatorError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createConnection, findConnectionsByName } from "@/lib/platform/flow-service";
import type { PlatformCaller } from "@/lib/platform/http";
import { recordActionTiming } from "@/lib/action-timing";
import { connectionNameKey, withKeyedLock } from "@/lib/keyed-lock";
import { buildConnectionString } from "@/lib/sources/couchbase";

export type CreateConnectionResult =
  | SessionProblem
  | {
      ok: false;
      kind: "validation";
      message: string;
      fieldErrors: Partial<Record<ConnectionFormField, string>>;
    }
  | { ok: false; kind: "duplicate"; message: string; existingId: string }
  | ({ ok: false; kind: "platform" } & OperatorError);

/**
 * Creates a Couchbase connection from the form. Redirects to the new connection on success;
 * returns a typed result for every expected failure. The password is never part of a result.
 */
export async function createConnectionAction(input: unknown, expectedSandbox?: unknown): Promise<CreateConnectionResult> {
  let createdId: string | undefined;
  const result = await recordActionTiming("create", async () => {
    const guard = await authorizeAction(expectedSandbox);
    if (!guard.ok) return guard.problem;

    const parsed = connectionFormSchema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsFrom(parsed.error.issues);
      const noField = Object.keys(fieldErrors).length === 0;
      return {
        ok: false as const,
        kind: "validation" as const,
        message: noField
          ? "The request did not contain the form's fields. Reload the page and fill in the form again."
          : "Some fields need your attention.",
        fieldErrors,
      };
    }
    const values = parsed.data;
    const connectionString = buildConnectionString({
      server: values.server,
      port: values.port,
      user: values.user,
      password: values.password,
    });

    // Two creates with one name (a second tab, a colleague) would both pass the duplicate check
    // before either POST lands. This queue makes the second wait and then find the first.
    // NOTE: the queue is per server process; replicas behind a load balancer can still race,
    // because Flow Service itself does not reject a duplicate name.
    const caller = guard.caller;
    const outcome = await withKeyedLock(connectionNameKey(caller.sandboxName, values.name), () =>
      createOnce(caller, { name: values.name, description: values.description, connectionString }),
    );
    if (outcome.ok) createdId = outcome.id;
    return outcome.ok ? undefined : outcome.result;
  });
  if (createdId) redirect(`/connections/${encodeURIComponent(createdId)}?created=1`);
  return result as CreateConnectionResult;
}

type CreateOutcome = { ok: true; id: string } | { ok: false; result: CreateConnectionResult };

/**
 * Posts the connection at most once. A duplicate name is caught before the POST; after a timeout
 * or 5xx the connection may still have been created, so the sandbox is checked by name before
 * reporting a failure.
 */
async function createOnce(
  caller: PlatformCaller,
  connection: { name: string; description?: string; connectionString: string },
): Promise<CreateOutcome> {
  const existing = await findConnectionsByName(caller, connection.name);
  if (!existing.ok) return { ok: false, result: await platformFailure(existing.error, caller) };
  const duplicate = existing.data[0];
  if (duplicate) {
    return {
      ok: false,
      result: {
        ok: false,
        kind: "duplicate",
        message: `A connection named "${connection.name}" already exists in sandbox "${caller.sandboxName}". Choose another name, or open the existing one.`,
        existingId: duplicate.id,
      },
    };
  }

  const created = await createConnection(caller, connection);
  if (created.ok) {
    logger.info({ connectionId: created.data.id, sandbox: caller.sandboxName }, "connection created");
    return { ok: true, id: created.data.id };
  }

  const uncertain = created.error.status === 0 || created.error.status >= 500;
  if (uncertain) {
    const check = await findConnectionsByName(caller, connection.name);
    const found = check.ok ? check.data[0] : undefined;
    if (found) {
      logger.warn(
        { connectionId: found.id, code: created.error.code, requestId: created.error.requestId },
        "create reported a failure but the connection exists",
      );
      return { ok: true, id: found.id };
    }
  }
  return { ok: false, result: await platformFailure(created.error, caller) };
}

async function platformFailure(
  error: Parameters<typeof describePlatformError>[0],
  caller: PlatformCaller,
): Promise<CreateConnectionResult> {
  if (isSignInError(error)) return rejectSession();
  return {
    ok: false,
    kind: "platform",
    ...describePlatformError(error, { sandboxName: caller.sandboxName, action: "create the connection" }),
  };
}
