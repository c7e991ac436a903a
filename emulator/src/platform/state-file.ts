import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { PlatformState } from "./store";

/** Format version written into the data file. A file of another version is rejected at start. */
const STATE_FILE_VERSION = 1;

/**
 * Changes within this many milliseconds share one write, so seeding thousands of connections does
 * not rewrite the file thousands of times. close() writes whatever is still pending.
 */
const WRITE_DELAY_MS = 50;

/**
 * The EMULATOR_DATA_FILE. Each write goes to a temporary file in the same directory, which is
 * then renamed over the old one, so a crash never leaves a half-written file behind.
 */
export class StateFile {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly snapshot: () => PlatformState,
    private readonly logger: Logger,
  ) {}

  /**
   * Reads the saved state, or returns undefined when the file does not exist yet. A file that
   * exists but cannot be read as state throws, so a typo never silently wipes saved data.
   */
  load(): PlatformState | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`EMULATOR_DATA_FILE ${this.file} is not valid JSON. Fix it or delete it to start from the demo data.`);
    }
    const state = parsed as { version?: unknown; connections?: unknown; registeredClusters?: unknown };
    if (state.version !== STATE_FILE_VERSION || !Array.isArray(state.connections) || !Array.isArray(state.registeredClusters)) {
      throw new Error(
        `EMULATOR_DATA_FILE ${this.file} is not emulator state of version ${STATE_FILE_VERSION}. Delete it to start from the demo data.`,
      );
    }
    return { connections: state.connections, registeredClusters: state.registeredClusters } as PlatformState;
  }

  /** Marks the state as changed. The write follows within WRITE_DELAY_MS. */
  scheduleWrite(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, WRITE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes pending changes now and resolves when they are on disk. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return this.writing;
    this.dirty = false;
    const text = JSON.stringify({ version: STATE_FILE_VERSION, ...this.snapshot() });
    this.writing = this.writing.then(() => this.writeAtomically(text));
    return this.writing;
  }

  private async writeAtomically(text: string): Promise<void> {
    const temporary = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      await writeFile(temporary, text, { encoding: "utf8", mode: 0o600 });
      await rename(temporary, this.file);
    } catch (error) {
      this.logger.error({ err: error, file: this.file }, "writing the Platform state file failed, so the next change retries the write");
      this.dirty = true;
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }
}
