import type { BrowserContext } from "@playwright/test";
import { decode, encode, type JWT } from "next-auth/jwt";
import { NEXTAUTH_SECRET } from "./environment";

const COOKIE_NAME = "next-auth.session-token";

/** Reads the encrypted session cookie the way the server does (tests know the test secret). */
export async function readSession(context: BrowserContext): Promise<JWT> {
  const cookies = await context.cookies();
  const value = cookies
    .filter((cookie) => cookie.name === COOKIE_NAME || cookie.name.startsWith(`${COOKIE_NAME}.`))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((cookie) => cookie.value)
    .join("");
  const token = await decode({ token: value, secret: NEXTAUTH_SECRET });
  if (!token) throw new Error("no session cookie in this browser context");
  return token;
}

/** Rewrites the session cookie, e.g. to make the IMS access token look expired. */
export async function writeSession(context: BrowserContext, token: JWT): Promise<void> {
  const value = await encode({ token, secret: NEXTAUTH_SECRET, maxAge: 12 * 60 * 60 });
  const cookies = await context.cookies();
  const existing = cookies.find((cookie) => cookie.name === COOKIE_NAME);
  if (!existing) throw new Error("no session cookie to replace");
  await context.addCookies([{ ...existing, value }]);
}
