// Keeps a form's input (never a password) in sessionStorage while the operator signs in again.

export function saveDraft(key: string, values: Record<string, unknown>): void {
  const { password: _password, ...safe } = values;
  try {
    sessionStorage.setItem(key, JSON.stringify(safe));
  } catch {
    // Storage can be full or disabled; the sign-in still goes ahead, without the restore.
  }
}

export function readDraft(key: string): Record<string, string> | null {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) return null;
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
  } catch {
    return null;
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}
