"use client";

import { useId, useState, type Ref } from "react";
import { FieldMessages } from "@/components/field-messages";

type PasswordFieldProps = {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  placeholder?: string;
  ref?: Ref<HTMLInputElement>;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type" | "ref">;

/** A password input with a show/hide button; the value is never trimmed or echoed elsewhere. */
export function PasswordField({ label, hint, error, required, ref, ...inputProps }: PasswordFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [visible, setVisible] = useState(false);
  const describedBy = [error ? errorId : undefined, hint ? hintId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <div className="flex items-baseline gap-1">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        {required ? <span aria-hidden="true">*</span> : null}
      </div>
      <div className="mt-1 flex gap-2">
        <input
          {...inputProps}
          id={id}
          ref={ref}
          type={visible ? "text" : "password"}
          autoComplete="new-password"
          spellCheck={false}
          autoCapitalize="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={required || undefined}
          className="field-input mt-0"
        />
        <button
          type="button"
          className="button-secondary shrink-0"
          aria-pressed={visible}
          aria-controls={id}
          onClick={() => setVisible((shown) => !shown)}
        >
          {visible ? "Hide password" : "Show password"}
        </button>
      </div>
      <FieldMessages error={error} errorId={errorId} hint={hint} hintId={hintId} />
    </div>
  );
}
