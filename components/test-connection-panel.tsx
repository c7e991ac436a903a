"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { testConnectionAction, type TestConnectionResult } from "@/app/(dashboard)/connections/[id]/actions";
import { ErrorNotice } from "@/components/error-notice";

/** "Test connection": runs Flow Service's test, then lists the buckets the connection can read. */
export function TestConnectionPanel({ connectionId, returnTo }: { connectionId: string; returnTo: string }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [result, setResult] = useState<TestConnectionResult | null>(null);

  function run() {
    setResult(null);
    startTransition(async () => {
      const outcome = await testConnectionAction(connectionId);
      if (outcome.ok === false && outcome.kind === "session") {
        router.push(`/signin?${new URLSearchParams({ callbackUrl: returnTo, reason: "expired" })}`);
        return;
      }
      setResult(outcome);
      router.refresh();
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
      <button type="button" className="button-secondary mt-3" onClick={run} disabled={isPending}>
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
