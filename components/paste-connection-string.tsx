"use client";

import { useId, useState } from "react";
import { useHydrated } from "@/components/use-hydrated";
import type { CouchbaseCredentials } from "@/lib/sources/couchbase-build";

/**
 * "Paste a connection string": reads an existing Couchbase connection string and fills the
 * server, port, user name and password fields. The pasted text is cleared after a successful
 * import so the password does not linger in a second field.
 */
export function PasteConnectionString({ onImport }: { onImport(credentials: CouchbaseCredentials): void }) {
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ warnings: string[] } | null>(null);
  const hydrated = useHydrated();

  async function fill() {
    // The parser loads on first use: most operators never paste a string.
    const { parseConnectionString } = await import("@/lib/sources/couchbase");
    const parsed = parseConnectionString(text);
    if (!parsed.ok) {
      setError(parsed.error);
      setResult(null);
      return;
    }
    onImport(parsed.credentials);
    setText("");
    setError(null);
    setResult({ warnings: parsed.warnings });
  }

  return (
    <details className="rounded-md border border-slate-300 p-4 dark:border-slate-700">
      <summary className="cursor-pointer font-medium">Paste a connection string</summary>
      <div className="mt-3 space-y-2">
        <label htmlFor={id} className="field-label">
          Existing connection string
        </label>
        <textarea
          id={id}
          rows={3}
          value={text}
          disabled={!hydrated}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setText(event.target.value)}
          className="field-input font-mono text-sm"
        />
        <p id={`${id}-hint`} className="field-hint">
          Such as Server=cb.example.com; Port=8093;AuthMech=1;CredString=[{`{"user": "…", "pass":"…"}`}];
          The fields below are filled in; nothing is sent until you create the connection.
        </p>
        {error ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="button" className="button-secondary" onClick={() => void fill()} disabled={text.trim() === ""}>
          Fill in the fields
        </button>
        <div aria-live="polite">
          {result ? (
            <div className="text-sm">
              <p>The fields below were filled in from the connection string.</p>
              {result.warnings.length > 0 ? (
                <ul className="mt-1 list-disc pl-5">
                  {result.warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
    </details>
  );
}
