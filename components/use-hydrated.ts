"use client";

import { useSyncExternalStore } from "react";

function subscribe(): () => void {
  return () => {};
}

/**
 * Returns false in the server HTML and during hydration, then true. Forms stay locked until
 * react-hook-form has attached to their inputs, so nothing typed or submitted earlier is lost
 * or sent as a plain form post.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
