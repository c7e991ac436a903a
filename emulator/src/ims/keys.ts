import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { z } from "zod";

/** Key material of one IMS emulator: the token signing key and the cookie signing keys. */
export interface ImsKeys {
  /** Private RSA JWK with kid, alg RS256 and use sig. Tokens are signed with it. */
  signingKey: JWK;
  /** Keys that sign oidc-provider's cookies (Koa's keygrip). */
  cookieKeys: string[];
}

const keysFileSchema = z.object({
  signingKey: z.looseObject({
    kty: z.literal("RSA"),
    kid: z.string().min(1),
    alg: z.literal("RS256"),
    use: z.literal("sig"),
    n: z.string(),
    e: z.string(),
    d: z.string(),
  }),
  cookieKeys: z.array(z.string().min(32)).min(1),
});

// Private members of an RSA JWK (RFC 7518 section 6.3.2).
const PRIVATE_RSA_MEMBERS = ["d", "p", "q", "dp", "dq", "qi"] as const;

/**
 * Returns the keys stored in `keysFile`, or new ones. New keys are written to `keysFile` (mode 0600)
 * when it is given, so tokens signed before a restart still verify after it.
 */
export async function loadOrCreateKeys(keysFile: string | undefined): Promise<{ keys: ImsKeys; created: boolean }> {
  if (keysFile) {
    const stored = await readKeysFile(keysFile);
    if (stored) return { keys: stored, created: false };
  }
  const keys = await createKeys();
  if (keysFile) await writeKeysFile(keysFile, keys);
  return { keys, created: true };
}

/** Returns the public half of an RSA JWK, as /ims/keys publishes it. */
export function publicJwk(privateJwk: JWK): JWK {
  const copy: JWK = { ...privateJwk };
  for (const member of PRIVATE_RSA_MEMBERS) delete copy[member];
  return copy;
}

async function createKeys(): Promise<ImsKeys> {
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  // RFC 7638 thumbprint as kid: stable for the key, and different for every generated key.
  const kid = await calculateJwkThumbprint(jwk);
  return {
    signingKey: { ...jwk, kid, alg: "RS256", use: "sig" },
    cookieKeys: [randomBytes(32).toString("base64url")],
  };
}

async function readKeysFile(keysFile: string): Promise<ImsKeys | undefined> {
  let text: string;
  try {
    text = await readFile(keysFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`Could not read the IMS key file ${keysFile}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The IMS key file ${keysFile} is not valid JSON. Delete it to generate new keys.`, {
      cause: error,
    });
  }
  const parsed = keysFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`The IMS key file ${keysFile} is not a valid key file. Delete it to generate new keys.`);
  }
  return parsed.data as ImsKeys;
}

async function writeKeysFile(keysFile: string, keys: ImsKeys): Promise<void> {
  await mkdir(path.dirname(keysFile), { recursive: true });
  const temporary = `${keysFile}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, keysFile);
}
