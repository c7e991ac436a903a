import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EditConnectionForm } from "@/components/edit-connection-form";
import { ErrorNotice } from "@/components/error-notice";
import { redirectToReauthenticate, requirePageCaller } from "@/lib/auth";
import { editBaseFrom } from "@/lib/connection-view";
import { describePlatformError, isSignInError } from "@/lib/errors";
import { getConnection } from "@/lib/platform/flow-service";

export const metadata: Metadata = { title: "Edit connection" };

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function EditConnectionPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { id } = await params;
  const restoreDraft = (await searchParams).restore === "1";
  const detailsPath = `/connections/${encodeURIComponent(id)}`;
  const caller = await requirePageCaller(`${detailsPath}/edit`);
  const result = await getConnection(caller, id);
  if (!result.ok) {
    if (result.error.status === 404) notFound();
    if (isSignInError(result.error)) await redirectToReauthenticate(`${detailsPath}/edit`);
    return (
      <div>
        <h1 className="text-2xl font-bold">Edit connection</h1>
        <div className="mt-4">
          <ErrorNotice
            title="The connection could not be loaded."
            {...describePlatformError(result.error, { sandboxName: caller.sandboxName, action: "read the connection" })}
          />
        </div>
      </div>
    );
  }
  const base = editBaseFrom(result.data);
  return (
    <div className="max-w-2xl">
      <p>
        <a href={detailsPath}>Back to the connection</a>
      </p>
      <h1 className="mt-2 text-2xl font-bold break-words">Edit {base.name}</h1>
      {base.server === "" ? (
        <p className="mt-2">
          Experience Platform did not return the stored server, port and user name. To change the
          credentials, enter all four fields.
        </p>
      ) : null}
      <div className="mt-6">
        <EditConnectionForm
          connectionId={result.data.id}
          initialBase={base}
          restoreDraft={restoreDraft}
          sandboxName={caller.sandboxName}
        />
      </div>
    </div>
  );
}
