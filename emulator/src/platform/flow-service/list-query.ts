import { createHash } from "node:crypto";
import { flowError, type FlowCode } from "../errors";
import type { Reply } from "../http";
import type { StoredConnection } from "../store";

// GET /connections query parameters, as Adobe's "Sorting and filtering responses in the Flow
// Service API" guide and the OAS describe them. Repeated `property` filters are ANDed, and a comma
// inside one is an OR of values. `orderby` takes one field with an optional +/- prefix. `limit`
// pages with an opaque `continuationToken`.

type FieldValue = string | number;

/** Fields a filter or orderby may name. `auth.params.*` is left out because it contains secrets. */
const FIELDS: Record<string, (connection: StoredConnection) => FieldValue> = {
  id: (connection) => connection.id,
  name: (connection) => connection.name,
  description: (connection) => connection.description ?? "",
  state: (connection) => connection.state,
  "connectionSpec.id": (connection) => connection.connectionSpec.id,
  "connectionSpec.version": (connection) => connection.connectionSpec.version,
  "auth.specName": (connection) => connection.auth.specName,
  createdAt: (connection) => connection.createdAt,
  updatedAt: (connection) => connection.updatedAt,
  createdBy: (connection) => connection.createdBy,
  updatedBy: (connection) => connection.updatedBy,
  createdClient: (connection) => connection.createdClient,
  updatedClient: (connection) => connection.updatedClient,
  sandboxName: (connection) => connection.sandboxName,
  imsOrgId: (connection) => connection.imsOrgId,
};

const NUMERIC_FIELDS = new Set(["createdAt", "updatedAt"]);
const OPERATORS = ["==", "!=", ">=", "<=", ">", "<"] as const;
type Operator = (typeof OPERATORS)[number];

/** Page size when the caller sends no `limit`. Adobe documents none. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest `limit` accepted, the maximum Adobe documents for POST /connections/search. */
export const MAX_PAGE_SIZE = 1000;

const KNOWN_PARAMETERS = new Set(["property", "orderby", "limit", "continuationToken", "count"]);

interface Filter {
  field: string;
  operator: Operator;
  values: string[];
}

interface OrderBy {
  field: string;
  descending: boolean;
}

/** Sort key of the last item of a page: the ordered field's value, then the id. */
type Cursor = [FieldValue, string];

export interface ListQuery {
  filters: Filter[];
  orderBy: OrderBy;
  limit: number;
  count: boolean;
  after?: Cursor;
  /** Query values the continuation token must repeat, so a token continues only its own query. */
  signature: { property: string[]; orderby: string; limit: number };
}

export type QueryResult = { ok: true; query: ListQuery } | { ok: false; reply: Reply };

function invalid(code: FlowCode, message: string, requestId: string): QueryResult {
  return { ok: false, reply: flowError(code, message, requestId) };
}

function parseFilter(expression: string, requestId: string): { ok: true; filter: Filter } | { ok: false; reply: Reply } {
  const field = /^[A-Za-z_][A-Za-z0-9_.[\]]*/.exec(expression)?.[0] ?? "";
  const rest = expression.slice(field.length);
  const fail = (code: FlowCode, message: string) => ({ ok: false as const, reply: flowError(code, message, requestId) });
  if (field === "" || rest === "") return fail("1453-400", `Invalid query value ${expression} provided in query param.`);
  if (!(field in FIELDS)) return fail("1449-400", `Invalid field ${field} in filter params.`);

  const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (!operator) {
    const written = /^[^A-Za-z0-9]+/.exec(rest)?.[0] ?? rest;
    return fail("1450-400", `Invalid operator ${written} in filter params.`);
  }
  const valueText = rest.slice(operator.length);
  if (valueText === "") return fail("1453-400", `Invalid query value ${expression} provided in query param.`);
  const values = valueText.split(",");

  const comparison = operator !== "==" && operator !== "!=";
  if (comparison && !NUMERIC_FIELDS.has(field)) return fail("1448-400", `Operator ${operator} not supported for field ${field}.`);
  if (comparison && values.length > 1) return fail("1443-400", `Operator '${operator}' is not allowed for multiple values.`);
  if (NUMERIC_FIELDS.has(field) && values.some((value) => !/^\d+$/.test(value))) {
    return fail("1452-400", `Invalid value ${valueText} for field ${field}.`);
  }
  return { ok: true, filter: { field, operator, values } };
}

function parseOrderBy(text: string | null, requestId: string): { ok: true; orderBy: OrderBy } | { ok: false; reply: Reply } {
  if (text === null) return { ok: true, orderBy: { field: "createdAt", descending: false } };
  // An unencoded "+" arrives as a space after URL decoding, so a leading space means ascending.
  const match = /^([+\- ]?)(.*)$/.exec(text);
  const prefix = match?.[1] ?? "";
  const field = match?.[2] ?? "";
  if (/^[A-Za-z.]+([+-]|[ :](asc|desc))$/i.test(field)) {
    return {
      ok: false,
      reply: flowError(
        "1432-400",
        "Sort order specified is not correct, prepend + for ascending order and - for descending order in the fieldName.",
        requestId,
      ),
    };
  }
  if (!(field in FIELDS)) {
    return {
      ok: false,
      reply: flowError("1433-400", `Incorrect field= ${field} passed in orderBy, example are +name, -name, name.`, requestId),
    };
  }
  return { ok: true, orderBy: { field, descending: prefix === "-" } };
}

function scopeHash(imsOrgId: string, sandboxName: string): string {
  return createHash("sha256").update(`${imsOrgId}\n${sandboxName}`).digest("hex").slice(0, 16);
}

interface TokenContent {
  v: 1;
  scope: string;
  property: string[];
  orderby: string;
  limit: number;
  after: Cursor;
}

export function encodeContinuationToken(query: ListQuery, imsOrgId: string, sandboxName: string, after: Cursor): string {
  const content: TokenContent = { v: 1, scope: scopeHash(imsOrgId, sandboxName), ...query.signature, after };
  return Buffer.from(JSON.stringify(content)).toString("base64url");
}

function decodeContinuationToken(token: string, imsOrgId: string, sandboxName: string): TokenContent | undefined {
  try {
    const content = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as TokenContent;
    const validCursor =
      Array.isArray(content.after) && ["string", "number"].includes(typeof content.after[0]) && typeof content.after[1] === "string";
    const valid =
      content.v === 1 &&
      content.scope === scopeHash(imsOrgId, sandboxName) &&
      Array.isArray(content.property) &&
      content.property.every((item) => typeof item === "string") &&
      typeof content.orderby === "string" &&
      Number.isInteger(content.limit) &&
      validCursor;
    return valid ? content : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses and validates the list query. A continuationToken carries the query it continues: the
 * caller may send only the token (as `_links.next.href` does) or repeat the same property,
 * orderby and limit values, but not change them.
 */
export function parseListQuery(params: URLSearchParams, imsOrgId: string, sandboxName: string, requestId: string): QueryResult {
  for (const name of new Set(params.keys())) {
    if (!KNOWN_PARAMETERS.has(name)) return invalid("1451-400", `Invalid params ${name} provided in query params.`, requestId);
    if (name !== "property" && params.getAll(name).length > 1) {
      return invalid("1000-400", `The request is invalid: the query parameter ${name} must appear at most once.`, requestId);
    }
  }

  const tokenText = params.get("continuationToken");
  const token = tokenText === null ? undefined : decodeContinuationToken(tokenText, imsOrgId, sandboxName);
  if (tokenText !== null && !token) {
    return invalid("1000-400", "The request is invalid: the continuationToken is not one this sandbox issued.", requestId);
  }

  const property = params.has("property") ? params.getAll("property") : (token?.property ?? []);
  const orderbyText = params.get("orderby") ?? (token && token.orderby !== "" ? token.orderby : null);
  const limitText = params.get("limit") ?? (token ? String(token.limit) : null);

  const countText = params.get("count");
  if (countText !== null && countText !== "true" && countText !== "false") {
    return invalid("1000-400", "The request is invalid: count must be true or false.", requestId);
  }
  const count = countText === "true";
  if (count && params.has("limit")) {
    return invalid(
      "1401-400",
      "The limit and count parameters cannot be given together in the same request. Please provide either only the limit or the count parameter and try again.",
      requestId,
    );
  }
  if (count && token) {
    return invalid("1000-400", "The request is invalid: count cannot be combined with a continuationToken.", requestId);
  }

  let limit = DEFAULT_PAGE_SIZE;
  if (limitText !== null) {
    limit = /^\d{1,7}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) {
      return invalid("1000-400", `The request is invalid: limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, requestId);
    }
  }

  const filters: Filter[] = [];
  for (const expression of property) {
    const parsed = parseFilter(expression, requestId);
    if (!parsed.ok) return parsed;
    filters.push(parsed.filter);
  }
  const orderBy = parseOrderBy(orderbyText, requestId);
  if (!orderBy.ok) return orderBy;

  const signature = { property, orderby: orderbyText ?? "", limit };
  if (token) {
    const sameQuery =
      JSON.stringify(token.property) === JSON.stringify(signature.property) &&
      token.orderby === signature.orderby &&
      token.limit === signature.limit;
    if (!sameQuery) {
      return invalid(
        "1000-400",
        "The request is invalid: the continuationToken belongs to a query with other property, orderby or limit values. Send the token alone or with the same values.",
        requestId,
      );
    }
  }
  return { ok: true, query: { filters, orderBy: orderBy.orderBy, limit, count, after: token?.after, signature } };
}

function matches(connection: StoredConnection, filter: Filter): boolean {
  const actual = FIELDS[filter.field]!(connection);
  if (typeof actual === "number") {
    const expected = filter.values.map(Number);
    switch (filter.operator) {
      case "==":
        return expected.includes(actual);
      case "!=":
        return !expected.includes(actual);
      case ">":
        return actual > expected[0]!;
      case "<":
        return actual < expected[0]!;
      case ">=":
        return actual >= expected[0]!;
      case "<=":
        return actual <= expected[0]!;
    }
  }
  const found = filter.values.includes(actual);
  return filter.operator === "==" ? found : !found;
}

/** Orders by the field, then by id, so that every cursor has one exact position. */
function compareKeys(left: Cursor, right: Cursor, descending: boolean): number {
  const direction = descending ? -1 : 1;
  if (left[0] !== right[0]) return (left[0] < right[0] ? -1 : 1) * direction;
  if (left[1] === right[1]) return 0;
  return (left[1] < right[1] ? -1 : 1) * direction;
}

export interface ListPage {
  items: StoredConnection[];
  /** Sort key of the last item, present when more items follow. */
  next?: Cursor;
}

/** Filters, sorts and cuts one page. Keyset paging keeps pages free of duplicates across inserts and deletes. */
export function selectPage(connections: readonly StoredConnection[], query: ListQuery): ListPage {
  const keyOf = (connection: StoredConnection): Cursor => [FIELDS[query.orderBy.field]!(connection), connection.id];
  const sorted = connections
    .filter((connection) => query.filters.every((filter) => matches(connection, filter)))
    .map((connection) => ({ connection, key: keyOf(connection) }))
    .sort((left, right) => compareKeys(left.key, right.key, query.orderBy.descending));
  const after = query.after;
  const start = after ? sorted.findIndex((entry) => compareKeys(entry.key, after, query.orderBy.descending) > 0) : 0;
  if (start === -1) return { items: [] };
  const page = sorted.slice(start, start + query.limit);
  const last = page.at(-1);
  const more = start + query.limit < sorted.length;
  return { items: page.map((entry) => entry.connection), next: more && last ? last.key : undefined };
}

export function countMatching(connections: readonly StoredConnection[], query: ListQuery): number {
  return connections.filter((connection) => query.filters.every((filter) => matches(connection, filter))).length;
}
