import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const REQUIRED = {
  ADOBE_CLIENT_ID: "client",
  ADOBE_CLIENT_SECRET: "secret",
  ADOBE_IMS_ORG_ID: "0123456789ABCDEF01234567@AdobeOrg",
  NEXTAUTH_SECRET: "x".repeat(32),
  NEXTAUTH_URL: "https://sourcedesk.example.com/",
};

function problemsFor(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseConfig", () => {
  it("applies Adobe's defaults", () => {
    const config = parseConfig(REQUIRED);
    expect(config.ADOBE_IMS_URL).toBe("https://ims-na1.adobelogin.com");
    expect(config.ADOBE_PLATFORM_URL).toBe("https://platform.adobe.io");
    expect(config.ADOBE_SANDBOX_NAME).toBe("prod");
    expect(config.ADOBE_IMS_SCOPES).toBe(
      "openid,AdobeID,read_organizations,additional_info.projectedProductContext,session,offline_access",
    );
    expect(config.NEXTAUTH_URL).toBe("https://sourcedesk.example.com");
    expect(config.FLOW_SERVICE_TIMEOUT_MS).toBe(30_000);
  });

  it("names each missing variable", () => {
    const problems = problemsFor({});
    for (const name of ["ADOBE_CLIENT_ID", "ADOBE_CLIENT_SECRET", "ADOBE_IMS_ORG_ID", "NEXTAUTH_SECRET", "NEXTAUTH_URL"]) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
  });

  it("explains a malformed org id", () => {
    const problems = problemsFor({ ...REQUIRED, ADOBE_IMS_ORG_ID: "0123456789ABCDEF01234567" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ADOBE_IMS_ORG_ID must be an IMS organization ID ending in @AdobeOrg/);
  });

  it("rejects a short secret, a bad URL and spaced scopes", () => {
    const problems = problemsFor({
      ...REQUIRED,
      NEXTAUTH_SECRET: "short",
      ADOBE_PLATFORM_URL: "platform.adobe.io",
      ADOBE_IMS_SCOPES: "openid AdobeID",
      ADOBE_SANDBOX_NAME: "Prod",
    });
    expect(problems.some((problem) => problem.startsWith("NEXTAUTH_SECRET must be at least 32"))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("ADOBE_PLATFORM_URL"))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("ADOBE_IMS_SCOPES must be a comma-separated"))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("ADOBE_SANDBOX_NAME"))).toBe(true);
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ ...REQUIRED, ADOBE_SANDBOX_NAME: "" }).ADOBE_SANDBOX_NAME).toBe("prod");
  });

  it("reads numbers from text", () => {
    const config = parseConfig({ ...REQUIRED, FLOW_SERVICE_TIMEOUT_MS: "1500", CONNECTIONS_PAGE_SIZE: "50" });
    expect(config.FLOW_SERVICE_TIMEOUT_MS).toBe(1500);
    expect(config.CONNECTIONS_PAGE_SIZE).toBe(50);
    expect(problemsFor({ ...REQUIRED, CONNECTIONS_PAGE_SIZE: "500" })[0]).toMatch(/^CONNECTIONS_PAGE_SIZE must be a whole number from 1 to 100/);
  });
});
