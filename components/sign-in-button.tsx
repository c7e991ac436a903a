"use client";

import { useState } from "react";
import { useHydrated } from "@/components/use-hydrated";

/**
 * Starts next-auth's Adobe sign-in: next-auth wants a POST with its CSRF token, and answers with
 * the IMS authorization URL to open. Done by hand to keep next-auth's client library (about
 * 9 KB gzip) out of the sign-in page.
 */
async function startAdobeSignIn(callbackUrl: string): Promise<void> {
  const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch("/api/auth/signin/adobe", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: "true" }),
  });
  const { url } = (await response.json()) as { url?: string };
  window.location.href = url ?? "/signin?error=OAuthSignin";
}

export function SignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  // Before hydration a click would do nothing, so the button stays disabled until it can act.
  const hydrated = useHydrated();
  return (
    <>
      <button
        type="button"
        className="button-primary w-full"
        disabled={!hydrated || pending}
        onClick={() => {
          setPending(true);
          setFailed(false);
          startAdobeSignIn(callbackUrl).catch(() => {
            setPending(false);
            setFailed(true);
          });
        }}
      >
        {pending ? "Opening Adobe sign-in…" : "Sign in with Adobe"}
      </button>
      <p role="status" className="mt-2 text-sm">
        {failed ? "Sourcedesk could not start the sign-in. Check the network and try again." : ""}
      </p>
    </>
  );
}
