/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ["pino"],
  // `next dev` would otherwise write AGENTS.md into the checkout on every start.
  agentRules: false,
  experimental: {
    // The largest action input is the connection form: six short fields.
    serverActions: { bodySizeLimit: "64kb" },
    agentUpgrade: false,
  },
};

module.exports = nextConfig;
