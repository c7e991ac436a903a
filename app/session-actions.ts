"use server";

import { redirect } from "next/navigation";
import { endSession } from "@/lib/auth";

/** Signs the operator out: deletes the session cookie and revokes the IMS refresh token. */
export async function signOutAction(): Promise<void> {
  await endSession();
  redirect("/signin?signedOut=1");
}
