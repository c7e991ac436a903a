import { createLocalJWKSet, jwtVerify, type JWK, type JWTPayload } from "jose";
import type { AccessTokenClaims } from "../types";
import type { ImsStore } from "./store";

// Records the emulator keeps beside oidc-provider's own, in the same store. oidc-provider 9 does
// not store JWT access tokens at all, so revocation and grant checks need these.
const ISSUED_MODEL = "IssuedAccessToken";
const REVOKED_MODEL = "RevokedAccessToken";

export interface AccessTokenVerifierOptions {
  issuer: string;
  /** Resource indicator that access tokens are issued for, which becomes their `aud`. */
  audience: string;
  signingKey: JWK;
  store: ImsStore;
}

/**
 * Verifies the emulator's access tokens and tracks the state a signature cannot show: which grant
 * issued each token, and which tokens /ims/revoke revoked.
 */
export class AccessTokenVerifier {
  private readonly keySet: ReturnType<typeof createLocalJWKSet>;

  constructor(private readonly options: AccessTokenVerifierOptions) {
    this.keySet = createLocalJWKSet({ keys: [options.signingKey] });
  }

  /**
   * Returns the claims of a valid access token, or null. Null means a wrong signature, issuer,
   * audience or type, an expired token, a token revoked through /ims/revoke, or a revoked grant.
   * A grant is revoked when /ims/revoke gets its refresh token or a refresh token is reused.
   */
  async verify(token: string): Promise<AccessTokenClaims | null> {
    const payload = await this.verifySignature(token, { checkExpiry: true });
    if (!payload) return null;
    const jti = payload.jti as string;
    if (this.options.store.get(`${REVOKED_MODEL}:${jti}`)) return null;
    const issued = this.options.store.get(`${ISSUED_MODEL}:${jti}`);
    if (!issued?.grantId || !this.options.store.get(`Grant:${issued.grantId}`)) return null;
    return {
      userId: payload.sub as string,
      clientId: payload.client_id as string,
      expiresAt: payload.exp as number,
      scopes: typeof payload.scope === "string" ? payload.scope.split(" ").filter(Boolean) : [],
    };
  }

  /**
   * Returns the payload of a token this emulator signed, expired or not, or null. /ims/revoke uses
   * it because it must accept expired tokens.
   */
  async decodeOwnToken(token: string): Promise<JWTPayload | null> {
    return this.verifySignature(token, { checkExpiry: false });
  }

  /** Stores which grant issued an access token, until the token expires. */
  async recordIssued(jti: string, grantId: string, expiresAt: number): Promise<void> {
    await this.options.store.set(`${ISSUED_MODEL}:${jti}`, { grantId }, secondsUntil(expiresAt));
  }

  /** Marks an access token revoked until it expires. */
  async revoke(jti: string, expiresAt: number): Promise<void> {
    await this.options.store.set(`${REVOKED_MODEL}:${jti}`, { jti }, secondsUntil(expiresAt));
  }

  private async verifySignature(token: string, { checkExpiry }: { checkExpiry: boolean }): Promise<JWTPayload | null> {
    try {
      const { payload } = await jwtVerify(token, this.keySet, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ["RS256"],
        // RFC 9068 media type, which oidc-provider 9 puts in the typ header of access tokens.
        typ: "at+jwt",
        requiredClaims: ["sub", "client_id", "exp", "jti"],
        // A date far in the past makes jose's exp check always pass.
        currentDate: checkExpiry ? undefined : new Date(0),
      });
      if (typeof payload.client_id !== "string" || typeof payload.jti !== "string") return null;
      return payload;
    } catch {
      // jose throws for every kind of invalid token, and the caller only needs "not valid".
      return null;
    }
  }
}

/** Seconds from now until `epochSeconds`, at least 1 so the record exists while it matters. */
function secondsUntil(epochSeconds: number): number {
  return Math.max(1, epochSeconds - Math.floor(Date.now() / 1000));
}
