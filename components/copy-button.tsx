"use client";

import { useState } from "react";

/** Copies a non-secret value (such as a connection id) and says so to screen readers. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [status, setStatus] = useState("");
  return (
    <>
      <button
        type="button"
        className="button-secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
            setStatus("Copied.");
          } catch {
            setStatus("Copy failed: select the text and copy it yourself.");
          }
        }}
      >
        {label}
      </button>
      <span role="status" className="ml-2 text-sm">
        {status}
      </span>
    </>
  );
}
