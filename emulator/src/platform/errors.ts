import type { Reply } from "./http";

// Error bodies in the shapes Adobe documents. Codes and titles come from Experience League:
// "Flow Service error messages" (help/sources/errors/flow-service-errors.md), "Sources error
// messages" (help/sources/errors/sources-errors.md) and the Platform troubleshooting guide
// (help/landing/troubleshooting.md) for the gateway codes.

/** Adobe I/O gateway errors: `{error_code, message}`, checked before Flow Service receives a call. */
export const GATEWAY_ERRORS = {
  "403010": { status: 403, message: "Oauth token is missing." },
  "401013": { status: 401, message: "Oauth token is not valid" },
  "403000": { status: 403, message: "Api Key is required" },
  "403003": { status: 403, message: "Api Key is invalid" },
  "400003": { status: 400, message: "Missing header" },
  "403025": { status: 403, message: "Profile is not valid" },
} as const;

export type GatewayCode = keyof typeof GATEWAY_ERRORS;

export function gatewayError(code: GatewayCode): Reply {
  const { status, message } = GATEWAY_ERRORS[code];
  return { status, body: { error_code: code, message } };
}

/**
 * Builds the gateway's response to a POST, PUT or PATCH without a Content-Type, as the
 * troubleshooting guide prints it, placeholder `type` included.
 */
export function missingContentTypeError(): Reply {
  return {
    status: 400,
    body: {
      type: "/placeholder/type/uri",
      status: 400,
      title: "BadRequestError",
      detail: "A valid content-type must be specified",
    },
  };
}

/** Flow Service codes the emulator sends, with Adobe's title for each. */
export const FLOW_ERRORS = {
  "1000-400": "Bad request",
  "1003-404": "Resource not found",
  "1004-415": "Unsupported Media Type",
  "1006-408": "Request Timeout",
  "1101-404": "Resource not found",
  "1102-500": "Internal Error",
  "1103-503": "Service Unavailable",
  "1104-504": "Gateway Timeout",
  "1304-400": "Bad Request",
  "1308-400": "Bad Request",
  "1312-400": "Bad Request",
  "1337-400": "Bad Request",
  "1358-400": "Bad Request",
  "1359-400": "Bad Request",
  "1401-400": "Invalid request",
  "1403-400": "Header is missing",
  "1404-412": "Version not matching",
  "1405-400": "Invalid request",
  "1413-400": "Invalid request",
  "1414-400": "Invalid request",
  "1415-400": "Invalid request",
  "1416-400": "Invalid request",
  "1418-400": "Invalid request",
  "1432-400": "Invalid request",
  "1433-400": "Invalid request",
  "1434-400": "Invalid request",
  "1443-400": "Invalid request",
  "1448-400": "Invalid request",
  "1449-400": "Invalid request",
  "1450-400": "Invalid request",
  "1451-400": "Invalid request",
  "1452-400": "Invalid request",
  "1453-400": "Invalid request",
  "1455-400": "Invalid request",
  "2000-401": "Invalid authorization token",
  "2100-404": "Sandbox not found",
  "2105-400": "Header is missing",
  "2110-400": "Headers not allowed",
  "2111-403": "Headers with value restricted",
  "2121-403": "Forbidden",
} as const;

export type FlowCode = keyof typeof FLOW_ERRORS;

export interface FlowErrorOptions {
  /** Id of the entity the error is about, reported as `report.id`. */
  entityId?: string;
  /** Entity type such as "connections", reported as `report.type`. */
  entityType?: string;
}

/**
 * Builds Flow Service's problem-style body: `type` ends in FLOW-<code>, `report` carries the
 * detailed message and the request id, and `errorMessage` repeats the message for older clients.
 * `message` must never contain a secret: callers pass only names, ids and fixed text.
 */
export function flowError(code: FlowCode, message: string, requestId: string, options: FlowErrorOptions = {}): Reply {
  const status = Number(code.slice(-3));
  const report: Record<string, string> = { "detailed-message": message, "request-id": requestId };
  if (options.entityId !== undefined) report.id = options.entityId;
  if (options.entityType !== undefined) report.type = options.entityType;
  return {
    status,
    body: {
      type: `https://ns.adobe.com/aep/errors/FLOW-${code}`,
      title: FLOW_ERRORS[code],
      status,
      report,
      errorMessage: message,
    },
  };
}

/** Standard reason phrases for statuses that have no documented Adobe code. */
const REASON_PHRASES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? `HTTP ${status}`;
}

/**
 * Builds the default reply of an injected fault: the documented Adobe error for the status where
 * one exists, else a gateway-shaped body whose `error_code` is the status itself.
 */
export function faultBody(status: number, requestId: string): Reply {
  switch (status) {
    case 400:
      return flowError("1000-400", "The request is invalid. Please check the request and try again.", requestId);
    case 401:
      return gatewayError("401013");
    case 403:
      return flowError(
        "2121-403",
        "The permission manage is denied on resource Enterprise Source. Please contact your administrator to resolve permissions and try again.",
        requestId,
      );
    case 404:
      return flowError(
        "1101-404",
        "The requested resource is not found. Error from flow provider: Resource with given id does not exist.",
        requestId,
      );
    case 408:
      return flowError("1006-408", "An error occurred while processing the request. The request has been timed out.", requestId);
    case 412:
      return flowError("1404-412", "The supplied version does not match the current version on entity.", requestId);
    case 415:
      return flowError("1004-415", "The provided payload format is unsupported.", requestId);
    case 500:
      return flowError("1102-500", "An internal error has occurred. Please try again.", requestId);
    case 503:
      return flowError("1103-503", "The service is temporarily unavailable. Please try again.", requestId);
    case 504:
      return flowError("1104-504", "A gateway timeout has occurred. Please try again.", requestId);
    default:
      return { status, body: { error_code: String(status), message: reasonPhrase(status) } };
  }
}

/** Builds the 501 for a path or method the emulator does not implement, titled "Not emulated". */
export function notEmulated(method: string, pathname: string): Reply {
  return {
    status: 501,
    body: {
      title: "Not emulated",
      status: 501,
      detail: `The emulator does not implement ${method} ${pathname}. See emulator/README.md for what is emulated.`,
    },
  };
}
