"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useForm, type FieldErrors, type UseFormRegister } from "react-hook-form";
import type { z } from "zod";
import { updateConnectionAction, type UpdateConnectionResult } from "@/app/(dashboard)/connections/[id]/edit/actions";
import { ConnectionFields, type ConnectionFieldValues } from "@/components/connection-fields";
import { ErrorNotice } from "@/components/error-notice";
import { FormLoadingHint, FormNeedsJavaScript, FormRootError, RestoredNotice } from "@/components/form-notices";
import { signInAgainPath } from "@/components/sign-in-again";
import { clearDraft, readDraft, saveDraft } from "@/components/form-draft";
import { useHydrated } from "@/components/use-hydrated";
import { useUnsavedChangesGuard } from "@/components/use-unsaved-changes-guard";
import type { ConnectionFormField, connectionEditSchema, StoredConnectionValues } from "@/lib/connection-schema";
import { lazyResolver } from "@/components/lazy-resolver";
import type { EditBase } from "@/lib/connection-view";

type FormInput = z.input<typeof connectionEditSchema>;
type FormOutput = z.output<typeof connectionEditSchema>;
type Conflict = Extract<UpdateConnectionResult, { kind: "conflict" }>;

const FIELD_ORDER: ConnectionFormField[] = ["name", "description", "server", "port", "user", "password"];

/** Builds the form's resolver. `readStored` returns the values the current edit started from. */
function createFormResolver(readStored: () => StoredConnectionValues) {
  return lazyResolver<FormInput, FormOutput>(async () => {
    const [{ zodResolver }, { createConnectionEditSchema }] = await Promise.all([
      import("@hookform/resolvers/zod"),
      import("@/lib/connection-schema"),
    ]);
    return (values, context, options) => zodResolver(createConnectionEditSchema(readStored()))(values, context, options);
  });
}

/**
 * Edits name, description and credentials. The password starts empty; left blank, the stored
 * secret is kept. A 412 shows what someone else changed and lets the operator keep their edits.
 */
export function EditConnectionForm({
  connectionId,
  initialBase,
  restoreDraft,
  sandboxName,
}: {
  connectionId: string;
  initialBase: EditBase;
  restoreDraft: boolean;
  /** The sandbox this page shows; the action refuses to save if the session has another one. */
  sandboxName: string;
}) {
  const router = useRouter();
  const [base, setBase] = useState(initialBase);
  // The resolver reads the base through a ref, so it checks against the latest base after a conflict.
  const storedRef = useRef<StoredConnectionValues>(initialBase);
  useEffect(() => {
    storedRef.current = base;
  }, [base]);
  // The resolver only calls readStored while validating, never during render.
  // eslint-disable-next-line react-hooks/refs
  const [formResolver] = useState(() => createFormResolver(() => storedRef.current));
  const [isPending, startTransition] = useTransition();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Exclude<UpdateConnectionResult, { kind: "validation" } | Conflict> | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const detailsPath = `/connections/${encodeURIComponent(connectionId)}`;

  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: formResolver,
    mode: "onTouched",
    defaultValues: {
      name: initialBase.name,
      description: initialBase.description,
      server: initialBase.server,
      port: initialBase.port,
      user: initialBase.user,
      password: "",
    },
  });
  const { register, handleSubmit, setError, setFocus, setValue, getValues, reset, formState } = form;
  useUnsavedChangesGuard(formState.isDirty && !saving);
  const draftKey = `sourcedesk:edit:${connectionId}`;
  const [restoredNotice, setRestoredNotice] = useState<string | null>(null);
  const hydrated = useHydrated();

  useEffect(() => {
    if (!restoreDraft) return;
    const draft = readDraft(draftKey);
    if (!draft) return;
    reset({ ...draft, password: "" }, { keepDefaultValues: true });
    clearDraft(draftKey);
    // sessionStorage exists only in the browser, so the restore runs after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setRestoredNotice("You signed in again and your edits were restored. Enter the new password again if you were changing it.");
  }, [restoreDraft, draftKey, reset]);

  function onValid(values: FormOutput) {
    setProblem(null);
    startTransition(async () => {
      setSaving(true);
      const result = await updateConnectionAction({ id: connectionId, base, values }, sandboxName);
      if (!result) return;
      setSaving(false);
      if (result.kind === "validation") {
        const first = FIELD_ORDER.find((field) => result.fieldErrors[field]);
        for (const field of FIELD_ORDER) {
          const message = result.fieldErrors[field];
          if (message) setError(field, { type: "server", message });
        }
        if (first) setFocus(first);
        else setProblem({ ok: false, kind: "unchanged", message: result.message });
        return;
      }
      if (result.kind === "session") {
        saveDraft(draftKey, getValues());
        router.push(signInAgainPath(`${detailsPath}/edit?restore=1`, result.reason));
        return;
      }
      if (result.kind === "conflict") {
        setConflict(result);
      } else {
        setProblem(result);
      }
      requestAnimationFrame(() => noticeRef.current?.focus());
    });
  }

  // Adopts the latest version as the new base: fields the operator left alone take the new
  // values, fields the operator changed keep what they typed, and the next save uses the new etag.
  function onInvalid(errors: FieldErrors<FormInput>) {
    const first = FIELD_ORDER.find((field) => errors[field]);
    if (first) setFocus(first);
  }

  function keepMyEdits() {
    if (!conflict) return;
    const { updatedAt: _updatedAt, updatedBy: _updatedBy, ...latest } = conflict.latest;
    for (const field of ["name", "description", "server", "port", "user"] as const) {
      const typed = String(getValues(field) ?? "");
      if (typed === base[field]) setValue(field, latest[field], { shouldDirty: true });
    }
    setBase(latest);
    setConflict(null);
  }

  return (
    <form
      noValidate
      method="post"
      className="space-y-6"
      onSubmit={(event) => void handleSubmit(onValid, onInvalid)(event)}
    >
      <FormNeedsJavaScript />
      <RestoredNotice message={restoredNotice} />
      <div ref={noticeRef} tabIndex={-1} aria-live="polite">
        {conflict ? (
          <div role="alert" className="rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-50">
            <p className="font-semibold">{conflict.message}</p>
            {conflict.changes.length > 0 ? (
              <>
                <p className="mt-2">What changed{conflict.latest.updatedBy ? ` (by ${conflict.latest.updatedBy})` : ""}:</p>
                <ul className="mt-1 list-disc pl-5" data-testid="conflict-changes">
                  {conflict.changes.map((change) => (
                    <li key={change.field}>
                      {change.field}: &quot;{change.before}&quot; is now &quot;{change.after}&quot;
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p className="mt-2">The password or another stored setting changed.</p>
            )}
            <div className="mt-3 flex flex-wrap gap-3">
              <button type="button" className="button-primary" onClick={keepMyEdits}>
                Use the latest version and keep my edits
              </button>
              <button type="button" className="button-secondary" onClick={() => window.location.reload()}>
                Discard my edits and reload
              </button>
            </div>
          </div>
        ) : null}
        {problem?.kind === "platform" ? (
          <ErrorNotice title="The changes were not saved." message={problem.message} nextStep={problem.nextStep} details={problem.details} />
        ) : null}
        {problem?.kind === "unchanged" ? <p role="status">{problem.message}</p> : null}
      </div>

      <ConnectionFields
        register={register as unknown as UseFormRegister<ConnectionFieldValues>}
        errors={formState.errors as FieldErrors<ConnectionFieldValues>}
        editing
        defaults={initialBase}
        locked={!hydrated}
      />

      <FormRootError message={formState.errors.root?.message} />

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="button-primary" disabled={!hydrated || isPending || saving || conflict !== null}>
          {isPending ? "Saving…" : "Save changes"}
        </button>
        <a href={detailsPath}>Cancel</a>
        <FormLoadingHint hydrated={hydrated} />
      </div>
    </form>
  );
}
