import { validate, type Operation } from "fast-json-patch";

/** The editable parts of a connection as Flow Service stores them. */
export interface EditableConnection {
  name: string;
  description: string;
}

export interface ConnectionEdit {
  name: string;
  description: string;
  /** A new connection string, or undefined to leave `/auth/params` untouched. */
  connectionString?: string;
}

/**
 * Builds the JSON Patch for an edit, touching only what changed. Credentials are replaced as a
 * whole `/auth/params` object, as Adobe's update tutorial shows, and only when the operator
 * entered new ones: a blank password never sends a mask or placeholder.
 */
export function buildConnectionPatch(current: EditableConnection, edit: ConnectionEdit): Operation[] {
  const operations: Operation[] = [];
  if (edit.name !== current.name) {
    operations.push({ op: "replace", path: "/name", value: edit.name });
  }
  if (edit.description !== current.description) {
    operations.push({ op: current.description === "" ? "add" : "replace", path: "/description", value: edit.description });
  }
  if (edit.connectionString !== undefined) {
    operations.push({ op: "replace", path: "/auth/params", value: { connectionString: edit.connectionString } });
  }
  const problem = validate(operations);
  if (problem) throw new Error(`invalid JSON Patch built for an edit: ${problem.message}`);
  return operations;
}
