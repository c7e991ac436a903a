import { describe, expect, test } from "vitest";
import { lockedKeyCount, withKeyedLock } from "./keyed-lock";

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("withKeyedLock", () => {
  test("runs tasks with one key one at a time, in order", async () => {
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const tasks = [30, 5, 15].map((ms, index) =>
      withKeyedLock("sandbox|Orders", async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        events.push(`start ${index}`);
        await delay(ms);
        events.push(`end ${index}`);
        running -= 1;
        return index;
      }),
    );
    expect(await Promise.all(tasks)).toEqual([0, 1, 2]);
    expect(maxRunning).toBe(1);
    expect(events).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
  });

  test("runs tasks with different keys at the same time", async () => {
    let running = 0;
    let maxRunning = 0;
    await Promise.all(
      ["a", "b", "c"].map((key) =>
        withKeyedLock(key, async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await delay(10);
          running -= 1;
        }),
      ),
    );
    expect(maxRunning).toBe(3);
  });

  test("releases the key after a task throws", async () => {
    await expect(withKeyedLock("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withKeyedLock("k", async () => "next")).toBe("next");
    expect(lockedKeyCount()).toBe(0);
  });
});
