"use server";

import { redirect } from "next/navigation";
import { authorizeAction, rejectSession, type SessionProblem } from "@/lib/action-guard";
import { createConnectionEditSchema, fieldErrorsFrom, type ConnectionFormField } from "@/lib/connection-schema";
import { buildConnectionPatch } from "@/lib/connection-patch";
import { editBaseFrom, type EditBase } from "@/lib/connection-view";
import { describePlatformError, isSignInError, type OperatorError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { findConnectionsByName, getConnection, updateConnection } from "@/lib/platform/flow-service";
import { buildConnectionString } from "@/lib/sources/couchbase";
import { forgetTestOutcome } from "@/lib/test-results";
import { connectionNameKey, withKeyedLock } from "@/lib/keyed-lock";

export type UpdateConnectionResult =
  | SessionProblem
  | ({ ok: false; kind: "platform" } & OperatorError)
  | { ok: false; kind: "validation"; message: string; fieldErrors: Partial<Record<ConnectionFormField, string>> }
  | { ok: false; kind: "unchanged"; message: string }
  | {
      ok: false;
      kind: "conflict";
      message: string;
      /** The connection as it is now; the form adopts it as its new base and keeps the input. */
      latest: EditBase & { updatedBy?: string; updatedAt?: number };
      changes: { field: string; before: string; after: string }[];
    };

const FIELD_LABELS: Record<keyof Omit<EditBase, "etag">, string> = {
  name: "Connection name",
  description: "Description",
  server: "Server",
  port: "Port",
  user: "User name",
};

/**
 * Saves an edit with JSON Patch and If-Match set to the etag the page was rendered from. A blank
 * password keeps the stored credentials: `/auth/params` is then not part of the patch.
 */
export async function updateConnectionAction(input: unknown, expectedSandbox?: unknown): Promise<UpdateConnectionResult> {
  const guard = await authorizeAction(expectedSandbox);
  if (!guard.ok) return guard.problem;
  const { caller } = guard;

  const { id, base, values } = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const parsedBase = parseBase(base);
  if (typeof id !== "string" || id === "" || !parsedBase) {
    return { ok: false, kind: "validation", message: "The page is out of date. Reload it and make the change again.", fieldErrors: {} };
  }
  const parsed = createConnectionEditSchema(parsedBase).safeParse(values);
  if (!parsed.success) {
    return { ok: false, kind: "validation", message: "Some fields need your attention.", fieldErrors: fieldErrorsFrom(parsed.error.issues) };
  }
  const edit = parsed.data;

  const clusterChanged =
    edit.server !== parsedBase.server || edit.port !== parsedBase.port || edit.user !== parsedBase.user;
  // The schema already requires server, port and user name once a new password is given.
  const rotate = edit.password !== "";
  if (clusterChanged && !rotate) {
    return {
      ok: false,
      kind: "validation",
      message: "Some fields need your attention.",
      fieldErrors: {
        password:
          "Enter the password to change the server, port or user name. Experience Platform never returns the stored password, so Sourcedesk cannot reuse it.",
      },
    };
  }

  const context = { sandboxName: caller.sandboxName, action: "save the connection" };
  const operations = buildConnectionPatch(
    { name: parsedBase.name, description: parsedBase.description },
    {
      name: edit.name,
      description: edit.description ?? "",
      connectionString: rotate
        ? buildConnectionString({ server: edit.server, port: Number(edit.port), user: edit.user, password: edit.password })
        : undefined,
    },
  );
  if (operations.length === 0) {
    return { ok: false, kind: "unchanged", message: "Nothing has changed, so there was nothing to save." };
  }

  const save = () => updateConnection(caller, id, parsedBase.etag, operations);
  // A rename waits in the same per-name queue as a create, so that a create and a rename (or two
  // renames) to one name cannot both pass the duplicate check.
  const renamed = edit.name !== parsedBase.name;
  const outcome = renamed
    ? await withKeyedLock(connectionNameKey(caller.sandboxName, edit.name), async () => {
        const sameName = await findConnectionsByName(caller, edit.name);
        if (!sameName.ok) return { step: "check-failed" as const, error: sameName.error };
        if (sameName.data.some((connection) => connection.id !== id)) return { step: "name-taken" as const };
        return { step: "saved" as const, result: await save() };
      })
    : { step: "saved" as const, result: await save() };

  if (outcome.step === "check-failed") {
    if (isSignInError(outcome.error)) return rejectSession();
    return { ok: false, kind: "platform", ...describePlatformError(outcome.error, context) };
  }
  if (outcome.step === "name-taken") {
    return {
      ok: false,
      kind: "validation",
      message: "Some fields need your attention.",
      fieldErrors: { name: `Another connection in sandbox "${caller.sandboxName}" is already named "${edit.name}". Choose another name.` },
    };
  }
  const { result } = outcome;
  if (!result.ok) {
    if (isSignInError(result.error)) return rejectSession();
    if (result.error.status === 412) return conflict(caller, id, parsedBase);
    return { ok: false, kind: "platform", ...describePlatformError(result.error, context) };
  }
  if (rotate) forgetTestOutcome(caller.sandboxName, id);
  logger.info(
    { connectionId: id, paths: operations.map((operation) => operation.path), sandbox: caller.sandboxName },
    "connection updated",
  );
  redirect(`/connections/${encodeURIComponent(id)}?updated=1`);
}

function parseBase(value: unknown): EditBase | null {
  if (typeof value !== "object" || value === null) return null;
  const fields = value as Record<string, unknown>;
  const keys = ["etag", "name", "description", "server", "port", "user"] as const;
  if (!keys.every((key) => typeof fields[key] === "string")) return null;
  return Object.fromEntries(keys.map((key) => [key, fields[key]])) as unknown as EditBase;
}


async function conflict(
  caller: Parameters<typeof getConnection>[0],
  id: string,
  base: EditBase,
): Promise<UpdateConnectionResult> {
  const current = await getConnection(caller, id);
  if (!current.ok) {
    return { ok: false, kind: "platform", ...describePlatformError(current.error, { sandboxName: caller.sandboxName, action: "read the latest version" }) };
  }
  const latest = editBaseFrom(current.data);
  const changes = (Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[])
    .filter((field) => latest[field] !== base[field])
    .map((field) => ({ field: FIELD_LABELS[field], before: base[field], after: latest[field] }));
  return {
    ok: false,
    kind: "conflict",
    message: "Someone else changed this connection after you opened it. Your edits are still in the form.",
    latest: { ...latest, updatedBy: current.data.updatedBy, updatedAt: current.data.updatedAt },
    changes,
  };
}
