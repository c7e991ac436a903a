"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { PasswordField } from "@/components/password-field";
import { TextField } from "@/components/text-field";

/** The form's field values as the inputs hold them (port is text until the schema reads it). */
export interface ConnectionFieldValues {
  name: string;
  description?: string;
  server: string;
  port: string | number;
  user: string;
  password: string;
}

interface ConnectionFieldsProps {
  register: UseFormRegister<ConnectionFieldValues>;
  errors: FieldErrors<ConnectionFieldValues>;
  /** Editing: the password may stay blank to keep the stored one. */
  editing?: boolean;
  /** Values for the server-rendered HTML; react-hook-form's defaultValues apply only after hydration. */
  defaults?: Partial<ConnectionFieldValues>;
  /** Disables every field, such as before hydration. */
  locked?: boolean;
}

/** The labelled fields shared by the create and edit forms. */
export function ConnectionFields({ register, errors, editing = false, defaults = {}, locked = false }: ConnectionFieldsProps) {
  return (
    <>
      <p className="text-sm text-slate-700 dark:text-slate-300">Fields marked * are required.</p>
      <fieldset className="space-y-4" disabled={locked}>
        <legend className="text-lg font-semibold">About the connection</legend>
        <TextField
          label="Connection name"
          required
          hint="A name your team will recognise, such as Orders cluster (production). It must be unique in the sandbox."
          error={errors.name?.message}
          autoComplete="off"
          defaultValue={defaults.name}
          {...register("name")}
        />
        <TextField
          label="Description"
          hint="What this connection is for or who owns the cluster."
          error={errors.description?.message}
          autoComplete="off"
          multiline
          defaultValue={defaults.description}
          {...register("description")}
        />
      </fieldset>

      <fieldset className="space-y-4" disabled={locked}>
        <legend className="text-lg font-semibold">Couchbase cluster</legend>
        <TextField
          label="Server"
          required
          hint="The host name or IP address of a Couchbase node, such as cb.example.com or 10.0.0.5. Your Couchbase administrator can tell you; the Couchbase web console lists it under Servers."
          error={errors.server?.message}
          autoComplete="off"
          spellCheck={false}
          defaultValue={defaults.server}
          {...register("server")}
        />
        <TextField
          label="Port"
          required
          inputMode="numeric"
          hint="The Couchbase query service port: 8093, or 18093 when the cluster uses TLS."
          error={errors.port?.message}
          autoComplete="off"
          className="max-w-40"
          defaultValue={defaults.port}
          {...register("port")}
        />
        <TextField
          label="User name"
          required
          hint="A Couchbase user with read access to the buckets you want to bring into Experience Platform."
          error={errors.user?.message}
          autoComplete="off"
          spellCheck={false}
          defaultValue={defaults.user}
          {...register("user")}
        />
        <PasswordField
          label="Password"
          required={!editing}
          placeholder={editing ? "Leave blank to keep the current password" : undefined}
          hint={
            editing
              ? "Leave blank to keep the current password. Enter a new one to change it, or to change the server, port or user name."
              : "Sent to Adobe once and never shown again. Spaces and symbols are kept exactly as typed."
          }
          error={errors.password?.message}
          {...register("password")}
        />
      </fieldset>
    </>
  );
}
