// Shared test helpers for the emulator's contract tests: start the emulator, sign in, read logs.
export { captureLogs, startTestEmulator, type CapturedLogs } from "./emulator";
export { CookieJar } from "./cookie-jar";
export {
  DASHBOARD_SCOPE,
  DEMO_CLIENT,
  OPERATOR,
  authorizationRequest,
  basicAuthorization,
  createPkce,
  followSignIn,
  requestTokens,
  signIn,
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  type ClientAuthMethod,
  type ClientCredentials,
  type Pkce,
  type SignInOptions,
  type SignInTokens,
} from "./sign-in";
