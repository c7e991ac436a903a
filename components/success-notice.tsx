"use client";

import { useEffect, useRef } from "react";

/**
 * Renders the green notice after a create, save, delete or sandbox switch, and focuses it. The
 * page arrived by a redirect, so focus would otherwise be on the page body, and a status region
 * rendered with its text already in it is often not read out.
 */
export function SuccessNotice({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <p
      ref={ref}
      role="status"
      tabIndex={-1}
      className="mt-3 rounded-md border border-green-300 bg-green-50 p-3 text-green-950 dark:border-green-700 dark:bg-green-950 dark:text-green-50"
    >
      {children}
    </p>
  );
}
