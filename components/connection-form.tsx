"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { useForm, useWatch, type FieldErrors, type UseFormRegister } from "react-hook-form";
import type { z } from "zod";
import type { CreateConnectionResult } from "@/app/(dashboard)/connections/new/actions";
import { createConnectionAction } from "@/app/(dashboard)/connections/new/actions";
import { ErrorNotice } from "@/components/error-notice";
import { FormLoadingHint, FormNeedsJavaScript, FormRootError, RestoredNotice } from "@/components/form-notices";
import { ConnectionFields, type ConnectionFieldValues } from "@/components/connection-fields";
import { PasteConnectionString } from "@/components/paste-connection-string";
import { signInAgainPath } from "@/components/sign-in-again";
import { useHydrated } from "@/components/use-hydrated";
import { useUnsavedChangesGuard } from "@/components/use-unsaved-changes-guard";
import type { ConnectionFormField, connectionFormSchema } from "@/lib/connection-schema";
import { lazyResolver } from "@/components/lazy-resolver";
import { buildMaskedConnectionString } from "@/lib/sources/couchbase-build";
import { clearDraft, readDraft, saveDraft } from "@/components/form-draft";

type FormInput = z.input<typeof connectionFormSchema>;
type FormOutput = z.output<typeof connectionFormSchema>;

const FIELD_ORDER: ConnectionFormField[] = ["name", "description", "server", "port", "user", "password"];
const DRAFT_KEY = "sourcedesk:new-connection";
const DEFAULT_VALUES: FormInput = { name: "", description: "", server: "", port: "8093", user: "", password: "" };

const formResolver = lazyResolver<FormInput, FormOutput>(async () => {
  const [{ zodResolver }, { connectionFormSchema: schema }] = await Promise.all([
    import("@hookform/resolvers/zod"),
    import("@/lib/connection-schema"),
  ]);
  return zodResolver(schema);
});

export function ConnectionForm({
  restoreDraft,
  sandboxName,
}: {
  restoreDraft: boolean;
  /** The sandbox this page shows; the action refuses to create if the session has another one. */
  sandboxName: string;
}) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [submitted, setSubmitted] = useState(false);
  const [problem, setProblem] = useState<Exclude<CreateConnectionResult, { kind: "validation" }> | null>(null);
  const [restoredNotice, setRestoredNotice] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const previewId = useId();
  const hydrated = useHydrated();

  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: formResolver,
    mode: "onTouched",
    defaultValues: DEFAULT_VALUES,
  });
  const { register, handleSubmit, setError, setFocus, setValue, control, formState, reset } = form;
  const pending = isPending || formState.isSubmitting;

  useUnsavedChangesGuard(formState.isDirty && !submitted);

  useEffect(() => {
    if (!restoreDraft) return;
    const draft = readDraft(DRAFT_KEY);
    if (!draft) return;
    reset({ ...draft, password: "" }, { keepDefaultValues: true });
    clearDraft(DRAFT_KEY);
    // sessionStorage exists only in the browser, so the restore runs after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setRestoredNotice("You signed in again and your input was restored. Enter the password again: it is never stored.");
    // After the reset has re-rendered the fields.
    requestAnimationFrame(() => setFocus("password"));
  }, [restoreDraft, reset, setFocus]);

  const [server, port, user, password] = useWatch({ control, name: ["server", "port", "user", "password"] });
  const preview = buildMaskedConnectionString({
    server: String(server ?? "").trim(),
    port: /^\d{1,5}$/.test(String(port ?? "").trim()) ? Number(String(port).trim()) : 0,
    user: String(user ?? "").trim(),
    password: password ? String(password) : undefined,
  });

  function showFieldErrors(fieldErrors: Partial<Record<ConnectionFormField, string>>) {
    const firstField = FIELD_ORDER.find((field) => fieldErrors[field]);
    for (const field of FIELD_ORDER) {
      const message = fieldErrors[field];
      if (message) setError(field, { type: "server", message });
    }
    if (firstField) setFocus(firstField);
  }

  function onValid(values: FormOutput) {
    setProblem(null);
    setRestoredNotice(null);
    startTransition(async () => {
      setSubmitted(true);
      const result = await createConnectionAction(values, sandboxName);
      // A success redirects; anything returned is a failure to show.
      if (!result) return;
      setSubmitted(false);
      if (result.kind === "validation") {
        showFieldErrors(result.fieldErrors);
        return;
      }
      if (result.kind === "session") {
        const { password: _password, ...rest } = form.getValues();
        saveDraft(DRAFT_KEY, rest);
        const callbackUrl = "/connections/new?restore=1";
        router.push(signInAgainPath(callbackUrl, result.reason));
        return;
      }
      setProblem(result);
      requestAnimationFrame(() => summaryRef.current?.focus());
    });
  }

  function onInvalid(errors: FieldErrors<FormInput>) {
    const firstField = FIELD_ORDER.find((field) => errors[field]);
    if (firstField) setFocus(firstField);
  }

  return (
    <form
      noValidate
      method="post"
      onSubmit={(event) => void handleSubmit(onValid, onInvalid)(event)}
      className="space-y-6"
    >
      <FormNeedsJavaScript />
      <RestoredNotice message={restoredNotice} />

      <div ref={summaryRef} tabIndex={-1} aria-live="polite">
        {problem?.kind === "platform" ? (
          <ErrorNotice
            title="The connection was not created."
            message={problem.message}
            nextStep={problem.nextStep}
            details={problem.details}
          />
        ) : null}
        {problem?.kind === "duplicate" ? (
          <div role="alert" className="rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-50">
            <p className="font-semibold">The connection was not created.</p>
            <p className="mt-1">{problem.message}</p>
            <p className="mt-2">
              <a href={`/connections/${encodeURIComponent(problem.existingId)}`}>Open the existing connection</a>
            </p>
          </div>
        ) : null}
      </div>

      <PasteConnectionString
        onImport={(credentials) => {
          setValue("server", credentials.server, { shouldDirty: true, shouldValidate: true });
          setValue("port", String(credentials.port), { shouldDirty: true, shouldValidate: true });
          setValue("user", credentials.user, { shouldDirty: true, shouldValidate: true });
          setValue("password", credentials.password, { shouldDirty: true, shouldValidate: true });
        }}
      />

      <ConnectionFields
        register={register as unknown as UseFormRegister<ConnectionFieldValues>}
        errors={formState.errors as FieldErrors<ConnectionFieldValues>}
        defaults={DEFAULT_VALUES}
        locked={!hydrated}
      />

      <div id={previewId}>
        <p className="font-medium">Connection string preview</p>
        <p className="field-hint">This is what Sourcedesk sends to Adobe, with the password hidden.</p>
        <pre
          data-testid="connection-string-preview"
          className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-100 p-3 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100"
        >
          {preview}
        </pre>
      </div>

      <FormRootError message={formState.errors.root?.message} />

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="button-primary" disabled={!hydrated || pending || submitted}>
          {pending ? "Creating connection…" : "Create connection"}
        </button>
        <a href="/connections">Cancel</a>
        <FormLoadingHint hydrated={hydrated} />
        <p aria-live="polite" className="sr-only">
          {pending ? "Creating the connection, please wait." : ""}
        </p>
      </div>
    </form>
  );
}
