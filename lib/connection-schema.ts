import { z } from "zod";
import { isValidServer, unencodableReason } from "@/lib/sources/couchbase";

// One schema for the browser form (through react-hook-form's zod resolver) and the server
// actions, so both reject the same input with the same words. Inputs are text as typed; the
// output has the port as a number.

export type ConnectionFormField = "name" | "description" | "server" | "port" | "user" | "password";

const name = z
  .string({ error: "Enter a connection name." })
  .trim()
  .min(1, { error: "Enter a connection name." })
  .max(256, { error: "Connection name: use at most 256 characters." })
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), {
    error: "Connection name: remove line breaks and other control characters.",
  });

const description = z
  .string({ error: "Description must be text." })
  .trim()
  .max(1024, { error: "Description: use at most 1024 characters." })
  .optional()
  .transform((value) => value ?? "");

const server = z
  .string({ error: "Enter the Couchbase server's host name or IP address, such as cb.example.com." })
  .trim()
  .min(1, { error: "Enter the Couchbase server's host name or IP address, such as cb.example.com." })
  .refine(isValidServer, {
    error: "Server: enter only a host name or IP address, such as cb.example.com or 10.0.0.5, without https:// or a port.",
  });

const PORT_MESSAGE = "Port: enter a whole number from 1 to 65535, usually 8093 (or 18093 with TLS).";

const port = z
  .union([z.string(), z.number()], { error: PORT_MESSAGE })
  .transform((value) => (typeof value === "number" ? String(value) : value.trim()))
  .refine((value) => /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535, {
    error: PORT_MESSAGE,
  })
  .transform(Number);

const user = z
  .string({ error: "Enter the Couchbase user name." })
  .trim()
  .min(1, { error: "Enter the Couchbase user name." })
  .max(1024, { error: "User name: use at most 1024 characters." })
  .superRefine((value, context) => {
    const reason = unencodableReason(value);
    if (reason) context.addIssue({ code: "custom", message: `User name ${reason}. Remove it.` });
  });

/** Passwords are kept exactly as typed: never trimmed. */
function password(required: boolean) {
  return z
    .string({ error: "Enter the password." })
    .max(1024, { error: "Password: use at most 1024 characters." })
    .superRefine((value, context) => {
      if (required && value === "") context.addIssue({ code: "custom", message: "Enter the password." });
      const reason = unencodableReason(value);
      if (reason) context.addIssue({ code: "custom", message: `Password ${reason}. Remove it.` });
    });
}

export const connectionFormSchema = z.object({
  name,
  description,
  server,
  port,
  user,
  password: password(true),
});

/**
 * Editing: a blank password keeps the stored one. Server, port and user name may be blank when
 * Experience Platform did not return them; the action requires all of them to change credentials.
 */
export const connectionEditSchema = z.object({
  name,
  description,
  server: z
    .string({ error: "Server must be text." })
    .trim()
    .refine((value) => value === "" || isValidServer(value), {
      error: "Server: enter only a host name or IP address, such as cb.example.com or 10.0.0.5, without https:// or a port.",
    }),
  port: z
    .union([z.string(), z.number()], { error: PORT_MESSAGE })
    .transform((value) => (typeof value === "number" ? String(value) : value.trim()))
    .refine((value) => value === "" || (/^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535), {
      error: PORT_MESSAGE,
    }),
  user: z
    .string({ error: "User name must be text." })
    .trim()
    .max(1024, { error: "User name: use at most 1024 characters." })
    .superRefine((value, context) => {
      const reason = unencodableReason(value);
      if (reason) context.addIssue({ code: "custom", message: `User name ${reason}. Remove it.` });
    }),
  password: password(false),
});

export type ConnectionFormInput = z.input<typeof connectionFormSchema>;
export type ConnectionFormValues = z.output<typeof connectionFormSchema>;
