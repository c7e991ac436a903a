"use client";

// Notices that the create and edit forms both show around their fields.

/** Renders, only with JavaScript off, why the form cannot be used. */
export function FormNeedsJavaScript() {
  return (
    <noscript>
      <p className="rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-50">
        This form needs JavaScript. Turn JavaScript on for this site, then reload the page.
      </p>
    </noscript>
  );
}

/** Renders the notice that the form was refilled after a new sign-in, if there is one. */
export function RestoredNotice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="status" className="rounded-md border border-blue-300 bg-blue-50 p-3 dark:border-blue-700 dark:bg-blue-950">
      {message}
    </p>
  );
}

/** Renders a form-wide error, such as validation code that failed to load, if there is one. */
export function FormRootError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="field-error">
      {message}
    </p>
  );
}

/** Renders the hint beside the submit button until the form is hydrated and unlocked. */
export function FormLoadingHint({ hydrated }: { hydrated: boolean }) {
  if (hydrated) return null;
  return <p className="field-hint mt-0">Loading the form… If it stays locked, reload the page.</p>;
}
