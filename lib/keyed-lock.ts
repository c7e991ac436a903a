/** The last queued task of each key; a task starts when the one before it settles. */
const queues = new Map<string, Promise<void>>();

/**
 * Runs tasks that share a key one after another, in the order they arrived. Tasks with other
 * keys run at the same time. The queue lives in this process's memory only.
 */
export async function withKeyedLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => done);
  queues.set(key, tail);

  await previous;
  try {
    return await task();
  } finally {
    release();
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/** Number of keys with a running or waiting task, for tests. */
export function lockedKeyCount(): number {
  return queues.size;
}

/** Builds the queue key shared by creates and renames to `name` in one sandbox. */
export function connectionNameKey(sandboxName: string, name: string): string {
  return `${sandboxName}\u0000${name}`;
}
