import { encode } from "next-auth/jwt";
import { signIn } from "../emulator/test/helpers/sign-in";
import { CLIENT_ID, CLIENT_SECRET, EMULATOR_URL, NEXTAUTH_SECRET, OPERATOR } from "./environment";

/**
 * Signs in at the emulator's IMS over HTTP and wraps the tokens in a dashboard session cookie,
 * encrypted the way next-auth does. For tests that need many independent sessions at once.
 */
export async function mintSessionCookie(account = OPERATOR): Promise<string> {
  const tokens = await signIn(EMULATOR_URL, {
    email: account.email,
    password: account.password,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    scope: "openid,AdobeID,read_organizations,additional_info.projectedProductContext,session,offline_access",
  });
  const now = Math.floor(Date.now() / 1000);
  const value = await encode({
    secret: NEXTAUTH_SECRET,
    maxAge: 12 * 60 * 60,
    token: {
      name: account.email,
      email: account.email,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessTokenExpiresAt: now + (tokens.expiresIn ?? 3600),
    },
  });
  return `next-auth.session-token=${value}`;
}
