import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CopyButton } from "@/components/copy-button";
import { DeleteConnectionDialog } from "@/components/delete-connection-dialog";
import { TestConnectionPanel } from "@/components/test-connection-panel";
import { ErrorNotice } from "@/components/error-notice";
import { redirectToReauthenticate, requirePageCaller } from "@/lib/auth";
import { formatTimestamp, toConnectionView } from "@/lib/connection-view";
import { describePlatformError, isSignInError } from "@/lib/errors";
import { getConnection } from "@/lib/platform/flow-service";
import { connectionStatusLabel, lastTestOutcome } from "@/lib/test-results";
import { SuccessNotice } from "@/components/success-notice";

export const metadata: Metadata = { title: "Connection" };

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ConnectionPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { id } = await params;
  const query = await searchParams;
  const caller = await requirePageCaller(`/connections/${encodeURIComponent(id)}`);
  const result = await getConnection(caller, id);
  if (!result.ok) {
    if (result.error.status === 404) notFound();
    if (isSignInError(result.error)) await redirectToReauthenticate(`/connections/${encodeURIComponent(id)}`);
    const described = describePlatformError(result.error, { sandboxName: caller.sandboxName, action: "read the connection" });
    return (
      <div>
        <h1 className="text-2xl font-bold">Connection</h1>
        <div className="mt-4">
          <ErrorNotice title="The connection could not be loaded." {...described} />
        </div>
      </div>
    );
  }
  const connection = toConnectionView(result.data);
  const created = query.created === "1";
  const updated = query.updated === "1";
  const returnTo = `/connections/${encodeURIComponent(connection.id)}`;
  const status = connectionStatusLabel(lastTestOutcome(caller.sandboxName, connection.id));

  return (
    <div>
      <p>
        <a href="/connections">Back to connections</a>
      </p>
      {created ? (
        <SuccessNotice>
          Connection created. Test it to check that Experience Platform can reach your cluster.
        </SuccessNotice>
      ) : null}
      {updated ? (
        <SuccessNotice>
          Changes saved.
        </SuccessNotice>
      ) : null}
      <h1 className="mt-3 text-2xl font-bold break-words">{connection.name}</h1>

      <section aria-labelledby="connection-id-heading" className="mt-4 rounded-md border border-slate-300 p-4 dark:border-slate-700">
        <h2 id="connection-id-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-700 dark:text-slate-300">
          Connection id
        </h2>
        <p className="mt-1 font-mono text-xl break-all" data-testid="connection-id">
          {connection.id}
        </p>
        <div className="mt-2">
          <CopyButton value={connection.id} label="Copy connection id" />
        </div>
      </section>

      <dl className="mt-6 grid grid-cols-1 gap-x-6 gap-y-3 [overflow-wrap:anywhere] sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Description</dt>
        <dd>{connection.description || "None"}</dd>
        <dt className="font-semibold">Status</dt>
        <dd data-testid="connection-status">{status}</dd>
        <dt className="font-semibold">State in Experience Platform</dt>
        <dd data-testid="connection-state">{connection.state}</dd>
        <dt className="font-semibold">Sandbox</dt>
        <dd>{connection.sandboxName ?? caller.sandboxName}</dd>
        <dt className="font-semibold">Server</dt>
        <dd data-testid="connection-server">{connection.cluster?.server ?? "Not returned by Experience Platform"}</dd>
        <dt className="font-semibold">Port</dt>
        <dd data-testid="connection-port">{connection.cluster?.port ?? "Not returned by Experience Platform"}</dd>
        <dt className="font-semibold">User name</dt>
        <dd data-testid="connection-user">{connection.cluster?.user ?? "Not returned by Experience Platform"}</dd>
        <dt className="font-semibold">Created</dt>
        <dd>
          {formatTimestamp(connection.createdAt)} by {connection.createdBy ?? "unknown"}
        </dd>
        <dt className="font-semibold">Last updated</dt>
        <dd>
          {formatTimestamp(connection.updatedAt)} by {connection.updatedBy ?? "unknown"}
        </dd>
      </dl>

      <div className="mt-6">
        <TestConnectionPanel connectionId={connection.id} returnTo={returnTo} sandboxName={caller.sandboxName} />
      </div>

      <div className="mt-6 flex flex-wrap gap-3">
        <a href={`${returnTo}/edit`} className="button-secondary">
          Edit connection
        </a>
        <DeleteConnectionDialog
          connectionId={connection.id}
          name={connection.name}
          returnTo={returnTo}
          sandboxName={caller.sandboxName}
        />
      </div>
    </div>
  );
}
