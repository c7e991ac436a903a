import { signOutAction } from "@/app/session-actions";
import { getHeaderSession } from "@/lib/auth";
import { SandboxSwitcher } from "@/components/sandbox-switcher";
import { sandboxChoices } from "@/lib/sandbox-choices";

export async function Header() {
  const session = await getHeaderSession();
  const sandboxes =
    session?.accessToken !== undefined
      ? await sandboxChoices(session.imsUserId, { accessToken: session.accessToken, sandboxName: session.sandboxName })
      : null;
  return (
    <header className="border-b border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-900">
      <div className="mx-auto flex w-full max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <a href="/connections" className="text-lg font-bold text-slate-900 no-underline dark:text-slate-100">
          Sourcedesk
        </a>
        {session ? (
          <nav aria-label="Account" className="flex flex-wrap items-center gap-3">
            <SandboxSwitcher current={session.sandboxName} sandboxes={sandboxes} />
            <span className="text-sm" data-testid="operator-name">
              {session.operator.name}
            </span>
            <form action={signOutAction} data-leaves-page>
              <button type="submit" className="button-secondary">
                Sign out
              </button>
            </form>
          </nav>
        ) : null}
      </div>
    </header>
  );
}
