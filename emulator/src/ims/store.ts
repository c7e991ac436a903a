import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import type { Adapter, AdapterPayload } from "oidc-provider";

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds after which the entry no longer exists, or null for no expiry. */
  expiresAt: number | null;
}

interface StoreFile {
  version: 1;
  entries: [string, Entry][];
}

/**
 * Key-value storage behind oidc-provider's adapter interface: sessions, interactions, grants,
 * authorization codes and refresh tokens, plus the emulator's own access-token records.
 * With a file path it writes every change to that file (atomically, by rename) and reads it
 * back at start, so sign-ins and refresh tokens survive a restart.
 *
 * Lookups by uid or grant scan all entries. That is fine for an emulator's few hundred records.
 */
export class ImsStore {
  private readonly entries = new Map<string, Entry>();
  private dirty = false;
  private writing: Promise<void> | undefined;
  private lastSweep = Date.now();

  constructor(
    private readonly filePath: string | undefined,
    private readonly logger: Logger,
  ) {
    if (filePath) this.load(filePath);
  }

  /** Returns the oidc-provider adapter for one model, such as "Session" or "RefreshToken". */
  adapter(model: string): Adapter {
    return new StoreAdapter(this, model);
  }

  get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return structuredClone(entry.payload);
  }

  async set(key: string, payload: AdapterPayload, expiresInSeconds: number | undefined): Promise<void> {
    const expiresAt = typeof expiresInSeconds === "number" ? Date.now() + expiresInSeconds * 1000 : null;
    this.entries.set(key, { payload: structuredClone(payload), expiresAt });
    this.sweepExpired();
    await this.save();
  }

  async update(key: string, change: (payload: AdapterPayload) => void): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    change(entry.payload);
    await this.save();
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
    await this.save();
  }

  /** Returns the keys of live entries of `model` whose payload matches `predicate`. */
  findKeys(model: string, predicate: (payload: AdapterPayload) => boolean): string[] {
    const prefix = `${model}:`;
    const keys: string[] = [];
    for (const key of this.entries.keys()) {
      if (!key.startsWith(prefix)) continue;
      const payload = this.get(key);
      if (payload && predicate(payload)) keys.push(key);
    }
    return keys;
  }

  /** Deletes expired entries, at most once a minute, so that expired sign-ins do not pile up in memory. */
  private sweepExpired(): void {
    const now = Date.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== null && entry.expiresAt <= now) this.entries.delete(key);
    }
  }

  /** Waits for pending writes to reach the file. */
  async flush(): Promise<void> {
    await this.writing;
  }

  private load(filePath: string): void {
    let text: string;
    try {
      text = readFileSync(filePath, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw new Error(`Could not read the IMS state file ${filePath}: ${(error as Error).message}`, { cause: error });
    }
    let parsed: StoreFile;
    try {
      parsed = JSON.parse(text) as StoreFile;
    } catch (error) {
      throw new Error(`The IMS state file ${filePath} is not valid JSON. Delete it to start with no sign-ins.`, {
        cause: error,
      });
    }
    if (parsed.version !== 1 || !Array.isArray(parsed.entries)) {
      throw new Error(`The IMS state file ${filePath} has an unknown format. Delete it to start with no sign-ins.`);
    }
    const now = Date.now();
    for (const [key, entry] of parsed.entries) {
      if (entry.expiresAt === null || entry.expiresAt > now) this.entries.set(key, entry);
    }
  }

  /**
   * Writes the entries to the file. Concurrent calls share one write loop, and each call's promise
   * settles only after a write that includes its change.
   */
  private save(): Promise<void> {
    if (!this.filePath) return Promise.resolve();
    this.dirty = true;
    this.writing ??= this.writeUntilClean(this.filePath);
    return this.writing;
  }

  private async writeUntilClean(filePath: string): Promise<void> {
    // The loop's last `dirty` check and the `finally` run in one step, so no change can arrive
    // between them unwritten. The first await comes before `finally`, so `save` has stored this
    // promise by the time `finally` clears it.
    try {
      while (this.dirty) {
        this.dirty = false;
        await this.writeSnapshot(filePath);
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async writeSnapshot(filePath: string): Promise<void> {
    const now = Date.now();
    const live = [...this.entries].filter(([, entry]) => entry.expiresAt === null || entry.expiresAt > now);
    const content: StoreFile = { version: 1, entries: live };
    const temporary = `${filePath}.${process.pid}.tmp`;
    try {
      await mkdir(path.dirname(filePath), { recursive: true });
      await writeFile(temporary, JSON.stringify(content), { mode: 0o600 });
      await rename(temporary, filePath);
    } catch (error) {
      // The emulator keeps working from memory, and only survival across a restart is lost.
      this.logger.error({ err: error, file: filePath }, "IMS state file write failed");
    }
  }
}

class StoreAdapter implements Adapter {
  constructor(
    private readonly store: ImsStore,
    private readonly model: string,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    await this.store.set(this.key(id), payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(this.key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const [key] = this.store.findKeys(this.model, (payload) => payload.uid === uid);
    return key ? this.store.get(key) : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const [key] = this.store.findKeys(this.model, (payload) => payload.userCode === userCode);
    return key ? this.store.get(key) : undefined;
  }

  async consume(id: string): Promise<void> {
    await this.store.update(this.key(id), (payload) => {
      payload.consumed = Math.floor(Date.now() / 1000);
    });
  }

  async destroy(id: string): Promise<void> {
    await this.store.delete([this.key(id)]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.store.delete(this.store.findKeys(this.model, (payload) => payload.grantId === grantId));
  }
}
