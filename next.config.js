/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ["pino"],
  // `next dev` would otherwise write AGENTS.md into the checkout on every start.
  agentRules: false,
  logging: {
    // `next dev` prints each server action's arguments, passwords included.
    serverFunctions: false,
    // The OAuth callback's query contains the authorization code.
    incomingRequests: { ignore: [/\/api\/auth\/callback\//] },
  },
  experimental: {
    // The largest action input is the connection form: six short fields.
    serverActions: { bodySizeLimit: "64kb" },
    agentUpgrade: false,
  },
};

module.exports = nextConfig;
