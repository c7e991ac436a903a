import type { OperatorError } from "@/lib/errors";

/** A Platform failure in words, with Adobe's code and request id behind "Details" for support. */
export function ErrorNotice({
  title,
  message,
  nextStep,
  details,
}: { title: string } & OperatorError) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-50"
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{message}</p>
      <p className="mt-1">{nextStep}</p>
      <details className="mt-2">
        <summary className="cursor-pointer">Details</summary>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt>Code</dt>
          <dd data-testid="error-code">{details.code}</dd>
          <dt>HTTP status</dt>
          <dd>{details.status || "no response"}</dd>
          <dt>Request id</dt>
          <dd className="break-all">{details.requestId || "none"}</dd>
          <dt>Adobe&apos;s message</dt>
          <dd className="break-words">{details.platformMessage}</dd>
        </dl>
      </details>
    </div>
  );
}
