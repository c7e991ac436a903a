import { timingSafeEqual, createHash } from "node:crypto";
import { z } from "zod";
import fixtureUsers from "../../fixtures/users.json";
import type { FixtureUser } from "../types";

const fixtureUserSchema = z.object({
  id: z.string().regex(/@AdobeID$/, "must end in @AdobeID"),
  email: z.email(),
  password: z.string().min(1),
  name: z.string().min(1),
  givenName: z.string().min(1),
  familyName: z.string().min(1),
  imsOrgId: z.string().regex(/^[A-Za-z0-9]+@AdobeOrg$/, "must end in @AdobeOrg"),
  sandboxes: z.array(z.string().min(1)),
});

/** Reads emulator/fixtures/users.json. Throws with the user's index and field when it is malformed. */
export function loadFixtureUsers(): FixtureUser[] {
  const parsed = z.array(fixtureUserSchema).safeParse(fixtureUsers);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `emulator/fixtures/users.json is invalid at ${issue?.path.join(".")}: ${issue?.message}. Fix the file and start again.`,
    );
  }
  return parsed.data;
}

/** Returns the fixture user with this email (case-insensitive) and password, or undefined. */
export function authenticate(users: FixtureUser[], email: string, password: string): FixtureUser | undefined {
  const user = users.find((candidate) => candidate.email.toLowerCase() === email.trim().toLowerCase());
  // Compares digests so the comparison takes the same time whatever the password's length.
  const expected = createHash("sha256").update(user?.password ?? "").digest();
  const given = createHash("sha256").update(password).digest();
  return user && timingSafeEqual(expected, given) ? user : undefined;
}

/**
 * Claims each scope releases in the id_token and at /ims/userinfo/v2. Adobe's user sign-in guide
 * gates profile and email claims by the standard `profile` and `email` scopes. The dashboard requests
 * `AdobeID` instead and still needs name and email, so `AdobeID` releases both sets here.
 */
export const SCOPE_CLAIMS: Record<string, string[]> = {
  openid: ["sub"],
  AdobeID: ["name", "given_name", "family_name", "email", "email_verified", "account_type"],
  profile: ["name", "given_name", "family_name", "account_type"],
  email: ["email", "email_verified"],
};

export type UserClaims = { sub: string } & Record<string, string | boolean>;

/** Returns every claim of a user, before filtering by scope. */
export function userClaims(user: FixtureUser): UserClaims {
  return {
    sub: user.id,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
    email: user.email,
    email_verified: true,
    // Adobe's userinfo returns `ind` (personal Adobe ID) or `ent` (organization account). Every
    // fixture user belongs to an IMS org, so all are `ent`.
    account_type: "ent",
  };
}

/** Returns the claims of `user` that `scopes` release, `sub` always included. */
export function claimsForScopes(user: FixtureUser, scopes: Iterable<string>): UserClaims {
  const all = userClaims(user);
  const released: UserClaims = { sub: user.id };
  for (const scope of scopes) {
    for (const claim of SCOPE_CLAIMS[scope] ?? []) {
      const value = all[claim];
      if (value !== undefined) released[claim] = value;
    }
  }
  return released;
}
