import { describe, expect, it } from "vitest";
import { describePlatformError, isSignInError } from "./errors";
import type { PlatformError } from "./platform/http";

function error(code: string, status: number, message = "Adobe's message"): PlatformError {
  return { code, status, message, requestId: "req-7", kind: "http" };
}

// Every code the product documents: gateway, Flow Service and Sandbox, with its HTTP status.
const KNOWN: [string, number][] = [
  ["403010", 403], ["401013", 401], ["403000", 403], ["403003", 403], ["400003", 400], ["403025", 403],
  ["403027", 403], ["2000-401", 401], ["2001-401", 401], ["2002-401", 401], ["2100-404", 404], ["2101-404", 404],
  ["2105-400", 400], ["2111-403", 403], ["2118-403", 403], ["2120-403", 403], ["2121-403", 403], ["1100-400", 400],
  ["1101-404", 404], ["1102-500", 500], ["1103-503", 503], ["1104-504", 504], ["1006-408", 408], ["1004-415", 415],
  ["1401-400", 400], ["1403-400", 400], ["1404-412", 412], ["1405-400", 400], ["1413-400", 400], ["1414-400", 400],
  ["1415-400", 400], ["1416-400", 400], ["1417-400", 400], ["1418-400", 400], ["1434-400", 400], ["1445-400", 400],
  ["1447-400", 400], ["1300-400", 400],
];

describe("describePlatformError", () => {
  it.each(KNOWN)("%s has its own sentence", (code, status) => {
    const described = describePlatformError(error(code, status));
    expect(described.message).not.toMatch(/could not do this/);
    expect(described.message.endsWith(".")).toBe(true);
    expect(described.nextStep.length).toBeGreaterThan(10);
    expect(described.details).toEqual({ code, requestId: "req-7", status, platformMessage: "Adobe's message" });
  });

  it("names the permission and sandbox", () => {
    const described = describePlatformError(error("2118-403", 403), { sandboxName: "dev", action: "create the connection" });
    expect(described.message).toBe(
      'You do not have permission to create the connection: it needs the "Manage sources" permission in sandbox "dev".',
    );
  });

  it("falls back by status", () => {
    expect(describePlatformError(error("9999-503", 503)).message).toBe("Experience Platform had a problem.");
    expect(describePlatformError(error("weird", 403)).message).toMatch(/permission/);
  });

  it("falls back to Adobe's message when nothing matches", () => {
    const described = describePlatformError(error("7777-418", 418, "I'm a teapot"), { action: "save the connection" });
    expect(described.message).toBe("Experience Platform could not save the connection.");
    expect(described.details.platformMessage).toBe("I'm a teapot");
  });

  it("adds Retry-After to the next step", () => {
    const described = describePlatformError({ ...error("429", 429), retryAfterSeconds: 30 });
    expect(described.nextStep).toMatch(/wait 30 seconds/);
  });

  it("describes timeouts and network failures", () => {
    expect(describePlatformError({ ...error("timeout", 0), kind: "timeout" }).message).toMatch(/did not answer in time/);
    expect(describePlatformError({ ...error("network", 0), kind: "network" }).message).toMatch(/could not reach/);
  });
});

describe("isSignInError", () => {
  it("is true for invalid or missing tokens", () => {
    expect(isSignInError(error("401013", 401))).toBe(true);
    expect(isSignInError(error("403010", 403))).toBe(true);
  });

  it("is false for an org mismatch and for permissions", () => {
    expect(isSignInError(error("2000-401", 401))).toBe(false);
    expect(isSignInError(error("2118-403", 403))).toBe(false);
  });
});
