import type { Metadata } from "next";
import { ConnectionForm } from "@/components/connection-form";
import { requireOperator } from "@/lib/auth";

export const metadata: Metadata = { title: "New Couchbase connection" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function NewConnectionPage({ searchParams }: { searchParams: SearchParams }) {
  const operator = await requireOperator("/connections/new");
  const params = await searchParams;
  return (
    <div className="max-w-2xl">
      <p>
        <a href="/connections">Back to connections</a>
      </p>
      <h1 className="mt-2 text-2xl font-bold">New Couchbase connection</h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        A connection lets Experience Platform read from your Couchbase cluster. After you create it,
        test it here, then use it in Experience Platform to set up a dataflow that brings bucket data
        into a dataset.{" "}
        <a href="https://experienceleague.adobe.com/en/docs/experience-platform/sources/home">
          What sources and dataflows are
        </a>
      </p>
      <div className="mt-6">
        <ConnectionForm restoreDraft={params.restore === "1"} sandboxName={operator.sandboxName} />
      </div>
    </div>
  );
}
