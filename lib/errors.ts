import type { PlatformError } from "@/lib/platform/http";

/** What an operator sees when a Platform call fails: a sentence, a next step, and details. */
export interface OperatorError {
  message: string;
  nextStep: string;
  /** For the "Details" disclosure, so support can trace the call. */
  details: { code: string; requestId: string; status: number; platformMessage: string };
}

interface ErrorText {
  message: string;
  nextStep: string;
}

export interface ErrorContext {
  sandboxName?: string;
  /** What the operator was doing, e.g. "create the connection". */
  action?: string;
}

type ErrorTextFor = (context: Required<ErrorContext>) => ErrorText;

// Codes from Adobe's gateway (six digits) and Flow Service / Sandbox (NNNN-status).
const ERROR_TEXTS: Record<string, ErrorTextFor> = {
  "403010": () => ({
    message: "Your sign-in was not sent with the request.",
    nextStep: "Sign in again, then repeat what you were doing.",
  }),
  "401013": () => ({
    message: "Your Adobe sign-in has expired or is no longer valid.",
    nextStep: "Sign in again, then repeat what you were doing. Forms keep what you typed, except the password.",
  }),
  "403000": () => ({
    message: "Sourcedesk is not configured with an API key for Adobe.",
    nextStep: "Ask your administrator to set ADOBE_CLIENT_ID.",
  }),
  "403003": () => ({
    message: "Adobe does not recognise Sourcedesk's API key for your sign-in.",
    nextStep: "Ask your administrator to check ADOBE_CLIENT_ID against the Developer Console credential.",
  }),
  "400003": () => ({
    message: "The request did not say which IMS organization it is for.",
    nextStep: "Ask your administrator to set ADOBE_IMS_ORG_ID.",
  }),
  "403025": () => ({
    message: "Your Adobe account has no Experience Platform access in this organization.",
    nextStep: "Ask your Adobe administrator to add you to an Experience Platform product profile.",
  }),
  "403027": () => ({
    message: "Adobe could not match your account to this organization.",
    nextStep: "Check that ADOBE_IMS_ORG_ID is your organization's ID, or ask your Adobe administrator for access.",
  }),
  "2000-401": () => ({
    message: "Your Adobe account does not belong to the organization Sourcedesk is set up for.",
    nextStep: "Sign in with an account of that organization, or ask your administrator to check ADOBE_IMS_ORG_ID.",
  }),
  "2001-401": () => ({
    message: "The request did not say which IMS organization it is for.",
    nextStep: "Ask your administrator to set ADOBE_IMS_ORG_ID.",
  }),
  "2002-401": () => ({
    message: "The request did not say which IMS organization it is for.",
    nextStep: "Ask your administrator to set ADOBE_IMS_ORG_ID.",
  }),
  "2100-404": ({ sandboxName }) => ({
    message: `The sandbox "${sandboxName}" does not exist or you cannot see it.`,
    nextStep: "Pick another sandbox in the header, or ask your administrator for access.",
  }),
  "2101-404": ({ sandboxName }) => ({
    message: `The sandbox "${sandboxName}" does not exist or you cannot see it.`,
    nextStep: "Pick another sandbox in the header, or ask your administrator for access.",
  }),
  "2105-400": () => ({
    message: "The request did not say which sandbox to use.",
    nextStep: "Pick a sandbox in the header and try again.",
  }),
  "2111-403": () => ({
    message: "A personal sign-in cannot work across all sandboxes at once.",
    nextStep: "Pick one sandbox in the header and try again.",
  }),
  "2118-403": ({ sandboxName, action }) => ({
    message: `You do not have permission to ${action}: it needs the "Manage sources" permission in sandbox "${sandboxName}".`,
    nextStep: "Ask your Adobe administrator to add Manage sources for this sandbox to your role.",
  }),
  "2120-403": ({ sandboxName, action }) => ({
    message: `You do not have permission to ${action}: it needs the "Manage sources" permission in sandbox "${sandboxName}".`,
    nextStep: "Ask your Adobe administrator to add Manage sources for this sandbox to your role.",
  }),
  "2121-403": ({ sandboxName }) => ({
    message: `You do not have permission to view sources in sandbox "${sandboxName}".`,
    nextStep: "Ask your Adobe administrator to add View sources for this sandbox to your role.",
  }),
  "1100-400": () => ({
    message: "Your organization is not entitled to use this source.",
    nextStep: "Ask your Adobe administrator whether the Couchbase source is enabled for your organization.",
  }),
  "1101-404": () => ({
    message: "The connection was not found. It may have been deleted, or it is in another sandbox.",
    nextStep: "Go back to the list and check the sandbox in the header.",
  }),
  "1102-500": () => ({
    message: "Experience Platform had an internal error.",
    nextStep: "Wait a minute and try again.",
  }),
  "1103-503": () => ({
    message: "Experience Platform is unavailable right now.",
    nextStep: "Wait a minute and try again.",
  }),
  "1104-504": () => ({
    message: "Experience Platform did not answer in time.",
    nextStep: "Wait a minute and try again; Sourcedesk checks first that nothing was created twice.",
  }),
  "1006-408": () => ({
    message: "Experience Platform did not answer in time.",
    nextStep: "Wait a minute and try again.",
  }),
  "1004-415": () => ({
    message: "Experience Platform rejected the request format.",
    nextStep: "Reload the page and try again; if it keeps happening, contact support with the details below.",
  }),
  "1401-400": () => ({
    message: "The connection list request combined a page size with a count.",
    nextStep: "Reload the page; if it keeps happening, contact support with the details below.",
  }),
  "1403-400": () => ({
    message: "The change was sent without the connection's version.",
    nextStep: "Reload the page and make the change again.",
  }),
  "1404-412": () => ({
    message: "Someone else changed this connection after you opened it.",
    nextStep: "Review their change, then save yours again; your edits are kept.",
  }),
  "1405-400": () => ({
    message: "The request reached Experience Platform empty.",
    nextStep: "Try again; if it keeps happening, contact support with the details below.",
  }),
  "1413-400": () => ({
    message: "Experience Platform does not recognise the Couchbase source.",
    nextStep: "Adobe has deprecated the Couchbase source; ask your Adobe administrator whether it is still available to your organization.",
  }),
  "1414-400": () => ({
    message: "A connection's source type cannot be changed.",
    nextStep: "Create a new connection instead.",
  }),
  "1415-400": () => ({
    message: "Experience Platform no longer accepts this way of signing in to Couchbase.",
    nextStep: "Adobe has deprecated the Couchbase source; ask your Adobe administrator whether it is still available.",
  }),
  "1416-400": () => ({
    message: "The connection is busy changing state and cannot be changed right now.",
    nextStep: "Wait a minute and try again.",
  }),
  "1417-400": () => ({
    message: "The connection is still being set up and cannot be changed yet.",
    nextStep: "Wait a few minutes and try again.",
  }),
  "1418-400": () => ({
    message: "This connection is still used by one or more dataflows, so it cannot be deleted.",
    nextStep: "Delete those dataflows in Experience Platform (Sources, Dataflows), then delete the connection.",
  }),
  "1447-400": () => ({
    message: "This connection still has active dataflows, so it cannot be deleted.",
    nextStep: "Delete those dataflows in Experience Platform (Sources, Dataflows), then delete the connection.",
  }),
  "1434-400": () => ({
    message: "Experience Platform does not accept this kind of change.",
    nextStep: "Reload the page and try again; if it keeps happening, contact support with the details below.",
  }),
  "1445-400": () => ({
    message: "Experience Platform does not allow editing this connection.",
    nextStep: "Create a new connection with the new details, then delete this one.",
  }),
  "1300-400": () => ({
    message: "Experience Platform does not allow editing this connection.",
    nextStep: "Create a new connection with the new details, then delete this one.",
  }),
  timeout: () => ({
    message: "Experience Platform did not answer in time.",
    nextStep: "Wait a minute and try again.",
  }),
  network: () => ({
    message: "Sourcedesk could not reach Experience Platform.",
    nextStep: "Check the network, wait a minute and try again.",
  }),
};

const STATUS_TEXTS: Record<number, ErrorText> = {
  400: {
    message: "Experience Platform rejected the request.",
    nextStep: "Check the fields and try again; Adobe's own message is below.",
  },
  401: {
    message: "Your Adobe sign-in has expired or is no longer valid.",
    nextStep: "Sign in again, then repeat what you were doing. Forms keep what you typed, except the password.",
  },
  403: {
    message: "You do not have permission for this in Experience Platform.",
    nextStep: "Ask your Adobe administrator for the Manage sources permission in this sandbox.",
  },
  404: {
    message: "Experience Platform could not find what was requested.",
    nextStep: "Go back to the list and check the sandbox in the header.",
  },
  409: {
    message: "Experience Platform reported a conflict with the current state.",
    nextStep: "Reload the page and try again.",
  },
  412: {
    message: "Someone else changed this after you opened it.",
    nextStep: "Reload and try again; your edits are kept.",
  },
  429: {
    message: "Experience Platform is receiving too many requests right now.",
    nextStep: "Wait a minute and try again.",
  },
};

/** Maps a Platform error to a plain sentence and a next step, keeping Adobe's code and message. */
export function describePlatformError(error: PlatformError, context: ErrorContext = {}): OperatorError {
  const full: Required<ErrorContext> = {
    sandboxName: context.sandboxName ?? "the current sandbox",
    action: context.action ?? "do this",
  };
  const known = ERROR_TEXTS[error.code]?.(full);
  const byStatus =
    STATUS_TEXTS[error.status] ??
    (error.status >= 500
      ? { message: "Experience Platform had a problem.", nextStep: "Wait a minute and try again." }
      : undefined);
  const text = known ?? byStatus ?? {
    message: `Experience Platform could not ${full.action}.`,
    nextStep: "Adobe's own message is below; contact support with the details if it does not help.",
  };
  const retryHint =
    error.retryAfterSeconds !== undefined && (error.status === 429 || error.status === 503)
      ? ` Adobe asks to wait ${error.retryAfterSeconds} seconds.`
      : "";
  return {
    message: text.message,
    nextStep: text.nextStep + retryHint,
    details: {
      code: error.code,
      requestId: error.requestId,
      status: error.status,
      platformMessage: error.message,
    },
  };
}

/** True for the errors that mean the IMS token is no longer usable. */
export function isSignInError(error: PlatformError): boolean {
  if (error.code === "401013" || error.code === "403010") return true;
  // 2000-401 to 2002-401 are about the IMS org header, which a new sign-in does not change.
  return error.status === 401 && !/^200\d-401$/.test(error.code);
}
