import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getHeaderSession } from "@/lib/auth";
import { safeReturnPath } from "@/lib/return-path";
import { SignInButton } from "@/components/sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

// next-auth's error codes, in words an operator can act on.
const SIGN_IN_ERRORS: Record<string, string> = {
  OAuthSignin: "Sourcedesk could not start the Adobe sign-in. Try again in a minute.",
  OAuthCallback: "Adobe's answer to the sign-in could not be checked. Try again.",
  OAuthCreateAccount: "Adobe's answer to the sign-in could not be checked. Try again.",
  Callback: "Adobe's answer to the sign-in could not be checked. Try again.",
  AccessDenied: "Adobe did not allow the sign-in. Ask your administrator for access, then try again.",
  Configuration: "Sourcedesk's sign-in is not configured correctly. Ask your administrator to check the Adobe settings.",
  SessionRequired: "Sign in to continue.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(first(params.callbackUrl));
  if (await getHeaderSession()) redirect(callbackUrl);

  const reason = first(params.reason);
  const error = first(params.error);
  const notice =
    reason === "expired"
      ? "Your Adobe sign-in has expired. Sign in again to continue where you left off."
      : first(params.signedOut)
        ? "You are signed out of Sourcedesk. Your Adobe ID may still be signed in to Adobe in this browser, so the next sign-in may not ask for your password."
        : undefined;
  const errorText = error ? (SIGN_IN_ERRORS[error] ?? "The sign-in did not complete. Try again.") : undefined;

  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
      <h1 className="text-3xl font-bold">Sign in to Sourcedesk</h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">
        Sourcedesk connects your company&apos;s Couchbase cluster to Adobe Experience Platform. Sign in with
        the Adobe ID you use for Experience Platform.
      </p>
      {notice ? (
        <p role="status" className="mt-4 rounded-md border border-blue-300 bg-blue-50 p-3 dark:border-blue-700 dark:bg-blue-950">
          {notice}
        </p>
      ) : null}
      {errorText ? (
        <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100">
          {errorText}
        </p>
      ) : null}
      <div className="mt-6">
        <SignInButton callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
