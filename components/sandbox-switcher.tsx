import { switchSandboxAction } from "@/app/session-actions";
import type { Sandbox } from "@/lib/platform/sandboxes";

/**
 * The current sandbox on every page and, when the Sandbox API answered, a form to switch. A plain
 * form with a button: it works from the keyboard and without JavaScript.
 */
export function SandboxSwitcher({ current, sandboxes }: { current: string; sandboxes: Sandbox[] | null }) {
  if (!sandboxes || sandboxes.length === 0) {
    return (
      <p className="text-sm">
        Sandbox: <strong data-testid="current-sandbox">{current}</strong>
      </p>
    );
  }
  const options = sandboxes.some((sandbox) => sandbox.name === current)
    ? sandboxes
    : [{ name: current, title: current, state: "active", type: "" }, ...sandboxes];
  return (
    <form action={switchSandboxAction} className="flex flex-wrap items-center gap-2" data-leaves-page>
      <label htmlFor="sandbox-switcher" className="text-sm font-medium">
        Sandbox
      </label>
      <select
        id="sandbox-switcher"
        name="sandbox"
        defaultValue={current}
        data-testid="current-sandbox"
        className="min-h-11 max-w-44 rounded-md border border-slate-500 bg-white px-2 text-slate-900 dark:border-slate-400 dark:bg-slate-900 dark:text-slate-100"
      >
        {options.map((sandbox) => (
          <option key={sandbox.name} value={sandbox.name}>
            {sandbox.title && sandbox.title !== sandbox.name ? `${sandbox.title} (${sandbox.name})` : sandbox.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button-secondary">
        Switch
      </button>
    </form>
  );
}
