import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/** Liveness only: answers without touching Adobe or reading the session. */
export function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
