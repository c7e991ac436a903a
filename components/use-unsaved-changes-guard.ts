"use client";

import { useEffect } from "react";

const LEAVE_MESSAGE = "You have unsaved changes. Leave this page and lose them?";

/**
 * Asks before the operator leaves a form with typed input: with the browser's own prompt on reload
 * or tab close (beforeunload), and with a confirm dialog on clicks on the app's links and on
 * submits of forms marked `data-leaves-page`. Those are the header's sandbox switch and sign-out,
 * server actions that trigger neither a link click nor beforeunload.
 */
export function useUnsavedChangesGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    function onBeforeUnload(event: BeforeUnloadEvent) {
      event.preventDefault();
      event.returnValue = "";
    }
    function onClick(event: MouseEvent) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!anchor || anchor.getAttribute("target") === "_blank") return;
      const href = anchor.getAttribute("href") ?? "";
      if (href.startsWith("#")) return;
      if (!window.confirm(LEAVE_MESSAGE)) {
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      // Confirmed once: the page unload that follows must not ask a second time.
      window.removeEventListener("beforeunload", onBeforeUnload);
    }
    function onSubmit(event: SubmitEvent) {
      const form = event.target as Element | null;
      if (!form?.closest?.("form[data-leaves-page]")) return;
      if (!window.confirm(LEAVE_MESSAGE)) {
        // Stopped in the capture phase at the document, so React never runs the form's action.
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      window.removeEventListener("beforeunload", onBeforeUnload);
    }
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    document.addEventListener("submit", onSubmit, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
      document.removeEventListener("submit", onSubmit, true);
    };
  }, [active]);
}
