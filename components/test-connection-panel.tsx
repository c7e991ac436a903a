"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { testConnectionAction, type TestConnectionResult } from "@/app/(dashboard)/connections/[id]/actions";
import { ErrorNotice } from "@/components/error-notice";
import { signInAgainPath } from "@/components/sign-in-again";

/** "Test connection": runs Flow Service's test, then lists the buckets the connection can read. */
export function TestConnectionPanel({
  connectionId,
  returnTo,
  sandboxName,
}: {
  connectionId: string;
  returnTo: string;
  /** The sandbox this page shows; the action refuses to run if the session has another one. */
  sandboxName: string;
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [result, setResult] = useState<TestConnectionResult | null>(null);
  // Blocks a second click before React re-renders with isPending set.
  const running = useRef(false);

  function run() {
    if (running.current) return;
    running.current = true;
    setResult(null);
    startTransition(async () => {
      try {
        const outcome = await testConnectionAction(connectionId, sandboxName);
        if (outcome.ok === false && outcome.kind === "session") {
          router.push(signInAgainPath(returnTo, outcome.reason));
          return;
        }
        setResult(outcome);
        router.refresh();
      } finally {
        running.current = false;
      }
    });
  }

  return (
    <section aria-labelledby="test-heading" className="rounded-md border border-slate-300 p-4 dark:border-slate-700">
      <h2 id="test-heading" className="text-lg font-semibold">
        Test the connection
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        Experience Platform connects to your cluster with the stored credentials and lists its buckets.
      </p>
      {/* aria-disabled, not disabled: a disabled button would drop keyboard focus to the page. */}
      <button type="button" className="button-secondary mt-3" onClick={run} aria-disabled={isPending}>
        {isPending ? "Testing…" : "Test connection"}
      </button>
      <div aria-live="polite" className="mt-3" data-testid="test-result">
        {isPending ? <p>Testing the connection, this can take a few seconds…</p> : null}
        {result?.ok === true && result.passed ? (
          <div className="rounded-md border border-green-300 bg-green-50 p-3 text-green-950 dark:border-green-700 dark:bg-green-950 dark:text-green-50">
            <p className="font-semibold">The connection works.</p>
            {result.buckets.length > 0 ? (
              <>
                <p className="mt-1">Buckets Experience Platform can read:</p>
                <ul className="mt-1 list-disc pl-5" aria-label="Buckets">
                  {result.buckets.map((bucket) => (
                    <li key={bucket}>{bucket}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="mt-1">Experience Platform listed no buckets for this user.</p>
            )}
          </div>
        ) : null}
        {result?.ok === true && !result.passed ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-50">
            <p className="font-semibold">The connection test failed.</p>
            <p className="mt-1">{result.reason}</p>
          </div>
        ) : null}
        {result?.ok === false && result.kind === "platform" ? (
          <ErrorNotice title="The test could not run." message={result.message} nextStep={result.nextStep} details={result.details} />
        ) : null}
      </div>
    </section>
  );
}
