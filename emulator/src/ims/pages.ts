import { randomBytes } from "node:crypto";

/** An HTML page with the nonce its inline <style> element carries. */
export interface HtmlPage {
  html: string;
  /** Value for the Content-Security-Policy header of the response that sends `html`. */
  contentSecurityPolicy: string;
}

export const DEMO_ACCOUNT = { email: "operator@example.com", password: "sourcedesk-demo" };

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

// Colours meet WCAG 2.2 AA contrast: body text 17.2:1, secondary text 8.7:1, white on the button
// blue 5.5:1, error text on its background 7.3:1.
const STYLES = `
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; background: #ffffff; }
  header { background: #fff4ce; border-bottom: 1px solid #d8c17a; padding: 0.75rem 1.25rem; }
  header p { margin: 0; }
  main { max-width: 26rem; margin: 2.5rem auto; padding: 0 1.25rem; }
  h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
  h2 { font-size: 1.1rem; margin: 0 0 0.25rem; }
  .lead { color: #4b4b4b; margin: 0 0 1.5rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
  input { box-sizing: border-box; width: 100%; padding: 0.55rem 0.65rem; font: inherit; color: #1b1b1b; border: 1px solid #6e6e6e; border-radius: 4px; }
  input[aria-invalid="true"] { border-color: #a4000f; }
  button { margin-top: 1.5rem; padding: 0.6rem 1.4rem; font: inherit; font-weight: 600; color: #ffffff; background: #0d66d0; border: 0; border-radius: 4px; cursor: pointer; }
  button.secondary { margin-top: 0.75rem; color: #0d66d0; background: #ffffff; border: 1px solid #0d66d0; }
  input:focus-visible, button:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }
  .error { margin: 0 0 1rem; padding: 0.75rem 1rem; color: #a4000f; background: #fff0f0; border-left: 4px solid #a4000f; }
  .demo { margin-top: 2rem; padding: 0.75rem 1rem; background: #f0f4fa; border-radius: 4px; }
  .demo p { margin: 0; }
  code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
`;

function page(title: string, body: string, formTargets: string[]): HtmlPage {
  const nonce = randomBytes(16).toString("base64");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLES}</style>
</head>
<body>
<header>
<p><strong>Local Adobe IMS emulator.</strong> This is not Adobe: it runs on this machine for development and demos, and nothing you type here is sent to Adobe.</p>
</header>
<main>
${body}
</main>
</body>
</html>
`;
  // Browsers apply form-action to the redirects that follow a form post too, and the sign-in
  // form's redirects end at the client's redirect URI.
  const formAction = ["'self'", ...formTargets].join(" ");
  const contentSecurityPolicy = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
  return { html, contentSecurityPolicy };
}

export interface SignInPageInput {
  /** Interaction id from oidc-provider, part of the form's URLs. */
  uid: string;
  clientId: string;
  email?: string;
  error?: string;
  /** Origins of the client's redirect URIs, which the form's redirects may reach. */
  formTargets: string[];
}

/** Renders the sign-in form of the emulator's IMS. */
export function signInPage(input: SignInPageInput): HtmlPage {
  const uid = encodeURIComponent(input.uid);
  const invalid = input.error ? ' aria-invalid="true" aria-describedby="sign-in-error"' : "";
  const error = input.error
    ? `<div id="sign-in-error" class="error" role="alert"><p>${escapeHtml(input.error)}</p></div>\n`
    : "";
  const body = `<h1>Sign in</h1>
<p class="lead">to continue to <strong>${escapeHtml(input.clientId)}</strong></p>
${error}<form id="sign-in-form" method="post" action="/ims/interaction/${uid}/login">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(input.email ?? "")}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/ims/interaction/${uid}/abort">
<button type="submit" class="secondary">Cancel</button>
</form>
<section class="demo" aria-labelledby="demo-heading">
<h2 id="demo-heading">Demo account</h2>
<p>Use <code>${DEMO_ACCOUNT.email}</code> with password <code>${DEMO_ACCOUNT.password}</code>.</p>
</section>`;
  return page("Adobe IMS emulator — sign in", body, input.formTargets);
}

/** Renders an error that stops a sign-in, with what to do next. */
export function errorPage(error: string, description: string | undefined, nextStep: string): HtmlPage {
  const body = `<h1>Sign-in cannot continue</h1>
<div class="error" role="alert">
<p>${escapeHtml(description ?? "The sign-in request is invalid.")}</p>
<p>Error code: <code>${escapeHtml(error)}</code></p>
</div>
<p>${escapeHtml(nextStep)}</p>`;
  return page("Adobe IMS emulator — sign-in error", body, []);
}
