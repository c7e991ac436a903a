/**
 * Builds the sign-in URL for an action that found no usable session. The sign-in page shows
 * "expired" only when the sign-in did expire, and no reason after a sign-out in another tab.
 */
export function signInAgainPath(callbackUrl: string, reason: "signed-out" | "expired"): string {
  const params = new URLSearchParams({ callbackUrl });
  if (reason === "expired") params.set("reason", "expired");
  return `/signin?${params}`;
}
