"use client";

import { useId, type Ref } from "react";
import { FieldMessages } from "@/components/field-messages";

type TextFieldProps = {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  multiline?: boolean;
  className?: string;
  ref?: Ref<HTMLInputElement & HTMLTextAreaElement>;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "className" | "ref">;

/** A labelled input whose hint and error are linked with aria-describedby. */
export function TextField({ label, hint, error, required, multiline, className, ref, ...inputProps }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : undefined, hint ? hintId : undefined].filter(Boolean).join(" ") || undefined;
  const shared = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    "aria-required": required || undefined,
    className: `field-input ${className ?? ""}`,
  };
  return (
    <div>
      {/* The label holds the field's name alone; the required or optional mark sits beside it. */}
      <div className="flex items-baseline gap-1">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        {required ? (
          <span aria-hidden="true">*</span>
        ) : (
          <span className="text-sm text-slate-700 dark:text-slate-300">(optional)</span>
        )}
      </div>
      {multiline ? (
        <textarea
          {...shared}
          ref={ref}
          rows={3}
          name={inputProps.name}
          onChange={inputProps.onChange as unknown as React.ChangeEventHandler<HTMLTextAreaElement>}
          onBlur={inputProps.onBlur as unknown as React.FocusEventHandler<HTMLTextAreaElement>}
          autoComplete={inputProps.autoComplete}
          disabled={inputProps.disabled}
          defaultValue={inputProps.defaultValue}
        />
      ) : (
        <input type="text" {...inputProps} {...shared} ref={ref} />
      )}
      <FieldMessages error={error} errorId={errorId} hint={hint} hintId={hintId} />
    </div>
  );
}
