// Types shared by the emulator's IMS part and its Platform part.

export interface AccessTokenClaims {
  userId: string;
  clientId: string;
  expiresAt: number /* epoch s */;
  scopes: string[];
}

export interface FixtureUser {
  id: string;
  email: string;
  password: string;
  name: string;
  givenName: string;
  familyName: string;
  imsOrgId: string;
  sandboxes: string[];
}
