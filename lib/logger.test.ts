import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(stream), output: () => lines.join("") };
}

describe("logger redaction", () => {
  it("hides secrets at the top level", () => {
    const { logger, output } = capture();
    logger.info({ password: "canary-pass", connectionString: "Server=h; canary-cs", accessToken: "canary-at", cookie: "canary-cookie" }, "event");
    const text = output();
    expect(text).toContain("event");
    for (const secret of ["canary-pass", "canary-cs", "canary-at", "canary-cookie"]) expect(text).not.toContain(secret);
  });

  it("hides secrets one and two levels down", () => {
    const { logger, output } = capture();
    logger.warn(
      {
        request: { headers: { authorization: "Bearer canary-bearer", cookie: "canary-cookie" }, body: "canary-body" },
        auth: { params: { connectionString: "canary-nested" } },
        tokens: { refreshToken: "canary-refresh" },
      },
      "nested",
    );
    const text = output();
    for (const secret of ["canary-bearer", "canary-cookie", "canary-body", "canary-nested", "canary-refresh"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("keeps the fields that trace a call", () => {
    const { logger, output } = capture();
    logger.info({ method: "POST", path: "/connections", status: 201, durationMs: 12, requestId: "req-1" }, "Platform call");
    const line = JSON.parse(output()) as Record<string, unknown>;
    expect(line).toMatchObject({ method: "POST", path: "/connections", status: 201, durationMs: 12, requestId: "req-1" });
  });
});
