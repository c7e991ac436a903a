import type { Metadata } from "next";
import { ErrorNotice } from "@/components/error-notice";
import { redirectToReauthenticate, requirePageCaller } from "@/lib/auth";
import { getConfig } from "@/lib/config";
import { formatTimestamp, toConnectionView } from "@/lib/connection-view";
import { describePlatformError, isSignInError } from "@/lib/errors";
import { listConnections } from "@/lib/platform/flow-service";
import { SuccessNotice } from "@/components/success-notice";

export const metadata: Metadata = { title: "Connections" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function ConnectionsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const name = first(params.name)?.trim() || undefined;
  const after = first(params.after) || undefined;
  // Text from the URL is shown only inside <bdi> and cut to the longest real value, so a crafted
  // link cannot reorder the page's own words or fill the page with a message of its own.
  const deleted = first(params.deleted)?.slice(0, 256);
  const sandboxError = first(params.sandboxError)?.slice(0, 100);
  const switched = first(params.switched) === "1";
  const returnTo = `/connections${name || after ? `?${new URLSearchParams({ ...(name ? { name } : {}), ...(after ? { after } : {}) })}` : ""}`;
  const caller = await requirePageCaller(returnTo);
  // Flow Service reads a comma in a name filter as "or" and documents no escape for it.
  const commaInName = name?.includes(",") ?? false;
  const result = await listConnections(caller, {
    name: commaInName ? undefined : name,
    limit: getConfig().CONNECTIONS_PAGE_SIZE,
    continuationToken: after,
  });

  if (!result.ok && isSignInError(result.error)) await redirectToReauthenticate(returnTo);

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Couchbase connections</h1>
        <a href="/connections/new" className="button-primary">
          New connection
        </a>
      </div>
      <p className="mt-1 text-slate-700 dark:text-slate-300">
        Sandbox <strong>{caller.sandboxName}</strong>, newest first.
      </p>
      {deleted ? (
        <SuccessNotice>
          Connection &quot;<bdi>{deleted}</bdi>&quot; was deleted.
        </SuccessNotice>
      ) : null}

      {switched ? (
        <SuccessNotice>
          You are now working in sandbox <strong>{caller.sandboxName}</strong>.
        </SuccessNotice>
      ) : null}

      {sandboxError ? (
        <p role="alert" className="mt-3 rounded-md border border-red-300 bg-red-50 p-3 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-50">
          You cannot use sandbox &quot;<bdi>{sandboxError}</bdi>&quot;: it is not among the sandboxes your Adobe account can see. Pick one from the list in the header.
        </p>
      ) : null}
      <form role="search" action="/connections" method="get" className="mt-4 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="search-name" className="field-label">
            Find by exact name
          </label>
          <input id="search-name" name="name" type="search" defaultValue={name ?? ""} className="field-input w-full sm:w-72" />
        </div>
        <button type="submit" className="button-secondary">
          Search
        </button>
        {name ? <a href="/connections">Show all</a> : null}
      </form>

      {commaInName ? (
        <p role="status" className="mt-4 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-50">
          Names with a comma cannot be searched, because Experience Platform reads a comma in a search as &quot;or&quot;. All
          connections are listed below, newest first.
        </p>
      ) : null}

      {!result.ok && after && result.error.status === 400 ? (
        <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-50">
          This page link no longer works: Experience Platform did not accept its position in the list. Start again from{" "}
          <a href={name ? `/connections?${new URLSearchParams({ name })}` : "/connections"}>the first page</a>.
        </p>
      ) : !result.ok ? (
        <div className="mt-4">
          <ErrorNotice
            title="The connections could not be loaded."
            {...describePlatformError(result.error, { sandboxName: caller.sandboxName, action: "list connections" })}
          />
        </div>
      ) : result.data.items.length === 0 ? (
        <EmptyState name={commaInName ? undefined : name} paged={Boolean(after)} />
      ) : (
        <>
          <div className="mt-4 overflow-x-auto">
            <table className="w-full border-collapse text-left">
              <caption className="sr-only">Couchbase connections in sandbox {caller.sandboxName}</caption>
              <thead>
                <tr className="border-b border-slate-400">
                  <th scope="col" className="py-2 pr-4">Name</th>
                  <th scope="col" className="py-2 pr-4">Server and port</th>
                  <th scope="col" className="py-2 pr-4">State</th>
                  <th scope="col" className="py-2 pr-4">Created</th>
                  <th scope="col" className="py-2 pr-4">Created by</th>
                </tr>
              </thead>
              <tbody>
                {result.data.items.map((item) => {
                  const view = toConnectionView(item);
                  return (
                    <tr key={view.id} className="border-b border-slate-200 dark:border-slate-800">
                      <td className="py-2 pr-4">
                        <a href={`/connections/${encodeURIComponent(view.id)}`}>{view.name}</a>
                      </td>
                      <td className="py-2 pr-4 break-all">
                        {view.cluster ? `${view.cluster.server}:${view.cluster.port}` : "Not returned"}
                      </td>
                      <td className="py-2 pr-4">{view.state}</td>
                      <td className="py-2 pr-4">{formatTimestamp(view.createdAt)}</td>
                      <td className="py-2 pr-4 break-all">{view.createdBy ?? "unknown"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <nav aria-label="Pages" className="mt-4 flex gap-4">
            {after ? <a href={name ? `/connections?${new URLSearchParams({ name })}` : "/connections"}>First page</a> : null}
            {result.data.nextToken ? (
              <a
                href={`/connections?${new URLSearchParams({ ...(name ? { name } : {}), after: result.data.nextToken })}`}
                rel="next"
              >
                Next page
              </a>
            ) : null}
          </nav>
        </>
      )}
    </div>
  );
}

function EmptyState({ name, paged }: { name?: string; paged: boolean }) {
  if (name) {
    return (
      <p className="mt-6">
        No connection is named &quot;<bdi>{name}</bdi>&quot; in this sandbox. Names must match exactly, including capitals.
      </p>
    );
  }
  if (paged) {
    return (
      <p className="mt-6">
        No more connections. <a href="/connections">Back to the first page</a>
      </p>
    );
  }
  return (
    <div className="mt-8 rounded-md border border-dashed border-slate-400 p-6 text-center">
      <h2 className="text-lg font-semibold">This sandbox has no Couchbase connections yet</h2>
      <p className="mt-2">A connection lets Experience Platform read from your Couchbase cluster.</p>
      <p className="mt-4">
        <a href="/connections/new" className="button-primary">
          Create your first connection
        </a>
      </p>
    </div>
  );
}
