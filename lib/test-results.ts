import "server-only";

/**
 * Outcomes of connection tests run from this dashboard. Flow Service keeps no test history, and
 * a 201 from a create is not proof that a connection works, so pages label a connection
 * "created" until a test passes here.
 * NOTE: kept in this server process's memory: a restart, or a second instance, starts empty.
 */
export interface TestOutcome {
  passed: boolean;
  /** Epoch milliseconds. */
  testedAt: number;
}

const MAX_ENTRIES = 10_000;
const outcomes = new Map<string, TestOutcome>();

function key(sandboxName: string, connectionId: string): string {
  return `${sandboxName}/${connectionId}`;
}

export function recordTestOutcome(sandboxName: string, connectionId: string, passed: boolean): void {
  const entry = key(sandboxName, connectionId);
  outcomes.delete(entry);
  outcomes.set(entry, { passed, testedAt: Date.now() });
  if (outcomes.size > MAX_ENTRIES) {
    const oldest = outcomes.keys().next().value;
    if (oldest !== undefined) outcomes.delete(oldest);
  }
}

export function lastTestOutcome(sandboxName: string, connectionId: string): TestOutcome | undefined {
  return outcomes.get(key(sandboxName, connectionId));
}

export function forgetTestOutcome(sandboxName: string, connectionId: string): void {
  outcomes.delete(key(sandboxName, connectionId));
}

/** The label pages show: "created" until a test passed, then the latest outcome. */
export function connectionStatusLabel(outcome: TestOutcome | undefined): string {
  if (!outcome) return "Created, not tested yet";
  return outcome.passed ? "Tested: working" : "Last test failed";
}
