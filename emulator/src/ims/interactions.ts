import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { Logger } from "pino";
import type { FixtureUser } from "../types";
import { BodyTooLargeError, readBody } from "./normalize";
import { errorPage, signInPage, type HtmlPage } from "./pages";
import { authenticate } from "./users";

/** Maximum sign-in form body in bytes: an email and a password with room to spare. */
const MAX_SIGN_IN_FORM_BYTES = 8 * 1024;

const INTERACTION_PATH = /^\/ims\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;

const EXPIRED_NEXT_STEP = "Go back to the application and choose Sign in again.";

export interface InteractionDependencies {
  provider: Provider;
  users: FixtureUser[];
  clientId: string;
  /** Origins of the registered redirect URIs, allowed as form-action targets. */
  formTargets: string[];
  logger: Logger;
}

type Interaction = Awaited<ReturnType<Provider["interactionDetails"]>>;

/**
 * Handles /ims/interaction/{uid}[/login|/abort]: oidc-provider sends the browser there when it
 * needs the user to sign in (the "login" prompt) or to consent (the "consent" prompt).
 */
export function createInteractionHandler(dependencies: InteractionDependencies) {
  const { provider, logger } = dependencies;

  return async function handleInteraction(request: IncomingMessage, response: ServerResponse, pathname: string) {
    const match = INTERACTION_PATH.exec(pathname);
    if (!match) {
      sendPage(response, 404, errorPage("not_found", "There is no sign-in step at this address.", EXPIRED_NEXT_STEP));
      return;
    }
    const [, uid, action] = match;

    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(request, response);
    } catch (error) {
      // oidc-provider throws SessionNotFound when the interaction cookie is missing or expired.
      logger.info({ uid, err: error }, "IMS sign-in step without a valid interaction cookie");
      sendExpired(response);
      return;
    }
    if (interaction.uid !== uid) {
      sendExpired(response);
      return;
    }

    if (action === undefined && request.method === "GET") {
      await showStep(dependencies, interaction, request, response);
    } else if (action === "login" && request.method === "POST") {
      await submitSignIn(dependencies, interaction, request, response);
    } else if (action === "abort" && request.method === "POST") {
      logger.info({ uid }, "IMS sign-in cancelled by the user");
      await provider.interactionFinished(
        request,
        response,
        { error: "access_denied", error_description: "The user cancelled the sign-in." },
        { mergeWithLastSubmission: false },
      );
    } else {
      response.setHeader("Allow", action === undefined ? "GET" : "POST");
      sendPage(response, 405, errorPage("method_not_allowed", `${request.method} is not allowed here.`, EXPIRED_NEXT_STEP));
    }
  };
}

async function showStep(
  dependencies: InteractionDependencies,
  interaction: Interaction,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { provider, logger } = dependencies;
  if (interaction.prompt.name === "login") {
    sendPage(response, 200, signInPage({ uid: interaction.uid, clientId: dependencies.clientId, formTargets: dependencies.formTargets }));
    return;
  }
  if (interaction.prompt.name === "consent") {
    const grantId = await grantEverythingRequested(provider, interaction);
    logger.info({ uid: interaction.uid, grantId }, "IMS consent granted automatically for the registered client");
    await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  logger.error({ uid: interaction.uid, prompt: interaction.prompt.name }, "IMS interaction has an unknown prompt");
  sendPage(response, 400, errorPage("invalid_request", `The sign-in step "${interaction.prompt.name}" is not supported.`, EXPIRED_NEXT_STEP));
}

/** Consent for the registered client: grants every scope, claim and resource scope it requested. */
async function grantEverythingRequested(provider: Provider, interaction: Interaction): Promise<string> {
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id as string;
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(" "));
  }
  return grant.save();
}

async function submitSignIn(
  dependencies: InteractionDependencies,
  interaction: Interaction,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const { provider, users, logger } = dependencies;
  if (interaction.prompt.name !== "login") {
    sendExpired(response);
    return;
  }

  let form: URLSearchParams;
  try {
    form = new URLSearchParams((await readBody(request, MAX_SIGN_IN_FORM_BYTES)).toString("utf8"));
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendPage(response, 413, errorPage("invalid_request", error.message, EXPIRED_NEXT_STEP));
    return;
  }
  const email = form.get("email")?.trim() ?? "";
  const password = form.get("password") ?? "";

  const rerender = (message: string) =>
    sendPage(
      response,
      // 422: the server parsed the form but rejects the credentials.
      422,
      signInPage({
        uid: interaction.uid,
        clientId: dependencies.clientId,
        email,
        error: message,
        formTargets: dependencies.formTargets,
      }),
    );

  if (email === "" || password === "") {
    rerender("Enter both your email and your password, then choose Sign in.");
    return;
  }
  const user = authenticate(users, email, password);
  if (!user) {
    logger.info({ uid: interaction.uid }, "IMS sign-in rejected: wrong email or password");
    rerender("The email or password is incorrect. Check both and try again, or use the demo account shown below.");
    return;
  }

  logger.info({ uid: interaction.uid, userId: user.id }, "IMS sign-in accepted");
  await provider.interactionFinished(request, response, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
}

function sendExpired(response: ServerResponse): void {
  sendPage(
    response,
    400,
    errorPage("invalid_request", "This sign-in request has expired or was opened in a different browser.", EXPIRED_NEXT_STEP),
  );
}

function sendPage(response: ServerResponse, status: number, page: HtmlPage): void {
  response.statusCode = status;
  response.setHeader("Content-Type", "text/html; charset=utf-8");
  response.setHeader("Content-Security-Policy", page.contentSecurityPolicy);
  response.setHeader("Cache-Control", "no-store");
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Referrer-Policy", "no-referrer");
  response.end(page.html);
}
