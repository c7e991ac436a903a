import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, DEFAULT_OPTIONS, readConfig } from "../src/config";

describe("readConfig", () => {
  test("no variables gives the defaults", () => {
    const options = readConfig({});

    expect(options).toEqual(DEFAULT_OPTIONS);
    expect(options.port).toBe(4010);
    expect(options.host).toBe("127.0.0.1");
    expect(options.accessTokenTtlSeconds).toBe(86400);
    expect(options.clientId).toBe("sourcedesk-demo");
    expect(options.logLevel).toBe("info");
  });

  test("reads every variable", () => {
    const options = readConfig({
      EMULATOR_PORT: "4210",
      EMULATOR_HOST: "0.0.0.0",
      EMULATOR_ACCESS_TOKEN_TTL: "5",
      EMULATOR_CLIENT_ID: "sourcedesk-e2e",
      EMULATOR_CLIENT_SECRET: "e2e-secret",
      EMULATOR_REDIRECT_URIS: "http://127.0.0.1:3210/api/auth/callback/adobe, https://app.example/cb",
      EMULATOR_DATA_FILE: "tmp/state.json",
      EMULATOR_LOG_LEVEL: "warn",
    });

    expect(options.port).toBe(4210);
    expect(options.host).toBe("0.0.0.0");
    expect(options.accessTokenTtlSeconds).toBe(5);
    expect(options.clientId).toBe("sourcedesk-e2e");
    expect(options.clientSecret).toBe("e2e-secret");
    expect(options.redirectUris).toEqual(["http://127.0.0.1:3210/api/auth/callback/adobe", "https://app.example/cb"]);
    expect(options.dataFile).toBe(path.resolve("tmp/state.json"));
    expect(options.logLevel).toBe("warn");
  });

  test("empty variable counts as unset", () => {
    expect(readConfig({ EMULATOR_PORT: "", EMULATOR_ACCESS_TOKEN_TTL: "" }).port).toBe(4010);
  });

  test("port 0 is allowed", () => {
    expect(readConfig({ EMULATOR_PORT: "0" }).port).toBe(0);
  });

  test.each([
    ["EMULATOR_PORT", "abc", "EMULATOR_PORT must be a whole number from 0 to 65535, such as 4010."],
    ["EMULATOR_PORT", "70000", "EMULATOR_PORT must be a whole number from 0 to 65535, such as 4010."],
    ["EMULATOR_HOST", "local host", "EMULATOR_HOST must be a host name or IP address to listen on, such as 127.0.0.1."],
    ["EMULATOR_ACCESS_TOKEN_TTL", "0", "EMULATOR_ACCESS_TOKEN_TTL must be a whole number of seconds greater than 0, such as 86400."],
    ["EMULATOR_ACCESS_TOKEN_TTL", "1.5", "EMULATOR_ACCESS_TOKEN_TTL must be a whole number of seconds greater than 0, such as 86400."],
    ["EMULATOR_CLIENT_ID", "naïve", "EMULATOR_CLIENT_ID must be a non-empty client id of printable ASCII characters, such as sourcedesk-demo."],
    ["EMULATOR_REDIRECT_URIS", "ftp://host/cb", "EMULATOR_REDIRECT_URIS must be a comma-separated list of absolute http(s) URLs"],
    ["EMULATOR_REDIRECT_URIS", "http://host/cb#fragment", "EMULATOR_REDIRECT_URIS must be a comma-separated list"],
    ["EMULATOR_REDIRECT_URIS", "http://host/cb,,http://host/other", "EMULATOR_REDIRECT_URIS must be a comma-separated list"],
    ["EMULATOR_LOG_LEVEL", "verbose", "EMULATOR_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent."],
  ])("%s=%s is rejected with a message naming it", (variable, value, message) => {
    expect(() => readConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [variable]: value })).toThrow(message);
  });

  test("invalid secret is named without echoing its value", () => {
    let message = "";
    try {
      readConfig({ EMULATOR_CLIENT_SECRET: "secret-with-tab\tinside" });
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toContain("EMULATOR_CLIENT_SECRET");
    expect(message).not.toContain("secret-with-tab");
  });
});
