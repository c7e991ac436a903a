import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sourcedesk", template: "%s · Sourcedesk" },
  description: "Create and manage Couchbase source connections in Adobe Experience Platform.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: the Content Security Policy carries a fresh nonce that
  // Next.js adds to its scripts, which a page prerendered at build time would lack.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-slate-900"
        >
          Skip to main content
        </a>
        {children}
      </body>
    </html>
  );
}
