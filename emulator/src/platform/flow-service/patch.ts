import { applyPatch, JsonPatchError, type Operation } from "fast-json-patch";
import { findConnectionSpec, validateAuthParams } from "../connection-spec";
import type { FlowServiceRequest, PlatformContext } from "../context";
import { flowError } from "../errors";
import { headerValue, type Reply } from "../http";
import { newEtag } from "../store";
import { etagMatches, findConnection, immutableStateError, parseJsonBody, staleVersionError } from "./connections";

// PATCH /connections/{id} takes a JSON Patch (RFC 6902) on the three paths Adobe's update
// tutorial documents. Ops are case-insensitive because the OAS lists them in upper case
// (ADD/REPLACE/REMOVE) while the tutorials use lower case.

const SUPPORTED_OPS = new Set(["add", "replace", "remove"]);

/** Patchable paths and the ops each allows. `remove` is allowed only where the field is optional. */
const PATCHABLE_PATHS: Record<string, Set<string>> = {
  "/name": new Set(["add", "replace"]),
  "/description": new Set(["add", "replace", "remove"]),
  "/auth/params": new Set(["add", "replace"]),
};

/** The value each patchable path takes. */
const VALUE_RULES: Record<string, { expected: string; accepts(value: unknown): boolean }> = {
  "/name": { expected: "a non-empty string", accepts: (value) => typeof value === "string" && value.trim() !== "" },
  "/description": { expected: "a string", accepts: (value) => typeof value === "string" },
  "/auth/params": {
    expected: "a JSON object",
    accepts: (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  },
};

function invalidPatch(detail: string, requestId: string): Reply {
  return flowError("1455-400", `An error has occurred while validating patch instructions: ${detail}`, requestId);
}

/** Reasons for fast-json-patch error names. Its own messages embed the document, which contains secrets. */
const PATCH_ERROR_REASONS: Partial<Record<string, string>> = {
  OPERATION_PATH_UNRESOLVABLE: "the path does not exist on the connection, so only add can set it",
  OPERATION_VALUE_REQUIRED: "the operation has no value",
  OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED: "the value contains undefined",
  OPERATION_PATH_INVALID: "the path is not a valid JSON Pointer",
};

type Checked = { ok: true; operations: Operation[] } | { ok: false; reply: Reply };

/** Validates each operation's op, path and value type before anything is applied. */
function checkOperations(body: unknown, requestId: string): Checked {
  if (!Array.isArray(body)) {
    return {
      ok: false,
      reply: flowError("1000-400", "The request is invalid: the request body must be a JSON Patch array (RFC 6902).", requestId),
    };
  }
  if (body.length === 0) {
    return {
      ok: false,
      reply: flowError("1405-400", "The request body cannot be null or empty. Please provide a request body and try again.", requestId),
    };
  }
  const operations: Operation[] = [];
  for (const [index, item] of body.entries()) {
    const position = `operation ${index + 1}`;
    if (typeof item !== "object" || item === null || typeof item.op !== "string" || typeof item.path !== "string") {
      return { ok: false, reply: invalidPatch(`${position} needs a string "op" and a string "path".`, requestId) };
    }
    const op = item.op.toLowerCase();
    const path: string = item.path;
    if (!SUPPORTED_OPS.has(op)) {
      return {
        ok: false,
        reply: flowError(
          "1434-400",
          `Unsupported operation '${item.op}' received. Please use one of the supported operation types and try again.`,
          requestId,
        ),
      };
    }
    if (path === "/connectionSpec" || path.startsWith("/connectionSpec/")) {
      return { ok: false, reply: flowError("1414-400", "The connection spec of a connection cannot be updated.", requestId) };
    }
    const allowedOps = PATCHABLE_PATHS[path];
    if (!allowedOps) {
      return {
        ok: false,
        reply: invalidPatch(`${position} targets "${path}", which cannot be patched. Patchable paths are /name, /description and /auth/params.`, requestId),
      };
    }
    if (!allowedOps.has(op)) {
      return { ok: false, reply: invalidPatch(`${position}: ${op} is not allowed on ${path}, which is required.`, requestId) };
    }
    const valueRule = VALUE_RULES[path]!;
    if (op !== "remove" && !valueRule.accepts(item.value)) {
      return { ok: false, reply: invalidPatch(`${position}: the value for ${path} must be ${valueRule.expected}.`, requestId) };
    }
    operations.push(op === "remove" ? { op: "remove", path } : ({ op, path, value: item.value } as Operation));
  }
  return { ok: true, operations };
}

/**
 * PATCH /connections/{id}: If-Match required (1403-400) and current (1404-412), then the patch
 * is checked, applied and the params revalidated against the auth spec. Returns 200 {id, etag}.
 */
export function patchConnection(context: PlatformContext, request: FlowServiceRequest, id: string): Reply {
  const { requestId } = request;
  const ifMatch = headerValue(request.req, "if-match");
  if (ifMatch === undefined || ifMatch.trim() === "") {
    return flowError(
      "1403-400",
      "The header 'If-Match' is missing in the request. Please provide the header and try again.",
      requestId,
    );
  }
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return parsed.reply;

  const found = findConnection(context, request, id);
  if (!found.ok) return found.reply;
  const { connection } = found;
  const stateError = immutableStateError(connection, requestId);
  if (stateError) return stateError;
  if (!etagMatches(ifMatch, connection.etag)) return staleVersionError(ifMatch, connection, requestId);

  const checked = checkOperations(parsed.body, requestId);
  if (!checked.ok) return checked.reply;

  const editable: { name: string; description?: string; auth: { params: Record<string, unknown> } } = {
    name: connection.name,
    auth: { params: structuredClone(connection.auth.params) },
  };
  if (connection.description !== undefined) editable.description = connection.description;
  let patched: typeof editable;
  try {
    patched = applyPatch(editable, checked.operations, true, false).newDocument;
  } catch (error) {
    if (!(error instanceof JsonPatchError)) throw error;
    const operation = checked.operations[error.index ?? 0];
    const reason = PATCH_ERROR_REASONS[error.name] ?? "it cannot be applied";
    return invalidPatch(`operation ${(error.index ?? 0) + 1} (${operation?.op} ${operation?.path}) failed because ${reason}.`, requestId);
  }

  const authSpec = findConnectionSpec(connection.connectionSpec.id)?.authSpec.find(
    (candidate) => candidate.name === connection.auth.specName,
  );
  const problems = authSpec ? validateAuthParams(authSpec, patched.auth.params) : [];
  if (problems.length > 0) {
    return flowError(
      "1312-400",
      `The provided param value is not a valid input for auth spec '${connection.auth.specName}': ${problems.join("; ")}.`,
      requestId,
    );
  }

  const now = Date.now();
  const updated = {
    ...connection,
    name: patched.name,
    description: patched.description,
    auth: { specName: connection.auth.specName, params: patched.auth.params },
    updatedAt: now,
    updatedBy: request.caller.user.id,
    updatedClient: request.caller.clientId,
    etag: newEtag(now),
  };
  context.store.put(updated);
  context.changed();
  return { status: 200, body: { id: updated.id, etag: updated.etag } };
}
