"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { deleteConnectionAction, type DeleteConnectionResult } from "@/app/(dashboard)/connections/[id]/actions";
import { ErrorNotice } from "@/components/error-notice";
import { signInAgainPath } from "@/components/sign-in-again";

/** Delete with a confirmation dialog in which the operator types the connection's name. */
export function DeleteConnectionDialog({
  connectionId,
  name,
  returnTo,
  sandboxName,
}: {
  connectionId: string;
  name: string;
  returnTo: string;
  /** The sandbox this page shows; the action refuses to run if the session has another one. */
  sandboxName: string;
}) {
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const headingId = useId();
  const mismatchId = useId();
  const [typed, setTyped] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [result, setResult] = useState<DeleteConnectionResult | null>(null);
  const [isPending, startTransition] = useTransition();

  function open() {
    setTyped("");
    setMismatch(false);
    setResult(null);
    dialogRef.current?.showModal();
  }

  function close() {
    dialogRef.current?.close();
  }

  function confirm(event: React.FormEvent) {
    event.preventDefault();
    if (isPending) return;
    if (typed !== name) {
      setMismatch(true);
      inputRef.current?.focus();
      return;
    }
    setMismatch(false);
    startTransition(async () => {
      const outcome = await deleteConnectionAction({ id: connectionId, confirmation: typed }, sandboxName);
      if (!outcome) return;
      if (outcome.kind === "session") {
        router.push(signInAgainPath(returnTo, outcome.reason));
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
              Type the connection name,{" "}
              <strong className="break-all whitespace-pre-wrap">
                <bdi>{name}</bdi>
              </strong>
              , to confirm
            </label>
            <input
              id={inputId}
              ref={inputRef}
              value={typed}
              aria-invalid={mismatch || undefined}
              aria-describedby={mismatch ? mismatchId : undefined}
              onChange={(event) => {
                setTyped(event.target.value);
                setMismatch(false);
              }}
              autoComplete="off"
              spellCheck={false}
              className="field-input"
            />
          </div>
          <div aria-live="polite">
            {mismatch ? (
              <p id={mismatchId} className="field-error">
                The name you typed does not match. Type it exactly as shown, including capitals and spaces.
              </p>
            ) : null}
            {result?.kind === "confirmation" ? <p className="field-error">{result.message}</p> : null}
            {result?.kind === "platform" ? (
              <ErrorNotice title="The connection was not deleted." message={result.message} nextStep={result.nextStep} details={result.details} />
            ) : null}
          </div>
          <div className="flex flex-wrap gap-3">
            <button type="submit" className="button-danger" aria-disabled={isPending}>
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
