"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { deleteConnectionAction, type DeleteConnectionResult } from "@/app/(dashboard)/connections/[id]/actions";
import { ErrorNotice } from "@/components/error-notice";

/** Delete with a confirmation dialog in which the operator types the connection's name. */
export function DeleteConnectionDialog({ connectionId, name, returnTo }: { connectionId: string; name: string; returnTo: string }) {
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputId = useId();
  const headingId = useId();
  const [typed, setTyped] = useState("");
  const [result, setResult] = useState<DeleteConnectionResult | null>(null);
  const [isPending, startTransition] = useTransition();

  function open() {
    setTyped("");
    setResult(null);
    dialogRef.current?.showModal();
  }

  function close() {
    dialogRef.current?.close();
  }

  function confirm(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const outcome = await deleteConnectionAction({ id: connectionId, confirmation: typed });
      if (!outcome) return;
      if (outcome.kind === "session") {
        router.push(`/signin?${new URLSearchParams({ callbackUrl: returnTo, reason: "expired" })}`);
        return;
      }
      setResult(outcome);
    });
  }

  return (
    <>
      <button type="button" className="button-danger" onClick={open}>
        Delete connection
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={headingId}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-400 bg-white p-6 text-slate-900 backdrop:bg-black/50 dark:bg-slate-900 dark:text-slate-100"
      >
        <form onSubmit={confirm} className="space-y-4">
          <h2 id={headingId} className="text-xl font-bold">
            Delete this connection?
          </h2>
          <p>
            Experience Platform will no longer be able to use it. Dataflows that use it must be deleted first. This
            cannot be undone.
          </p>
          <div>
            <label htmlFor={inputId} className="field-label">
              Type the connection name, <strong className="break-all">{name}</strong>, to confirm
            </label>
            <input
              id={inputId}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="field-input"
            />
          </div>
          <div aria-live="polite">
            {result?.kind === "confirmation" ? <p className="field-error">{result.message}</p> : null}
            {result?.kind === "platform" ? (
              <ErrorNotice title="The connection was not deleted." message={result.message} nextStep={result.nextStep} details={result.details} />
            ) : null}
          </div>
          <div className="flex flex-wrap gap-3">
            <button type="submit" className="button-danger" disabled={typed !== name || isPending}>
              {isPending ? "Deleting…" : "Delete permanently"}
            </button>
            <button type="button" className="button-secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
