"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function SignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button-primary w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn("adobe", { callbackUrl });
      }}
    >
      {pending ? "Opening Adobe sign-in…" : "Sign in with Adobe"}
    </button>
  );
}
