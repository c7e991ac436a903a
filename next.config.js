/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ["pino"],
  experimental: {
    // The largest action input is the connection form: six short fields.
    serverActions: { bodySizeLimit: "64kb" },
  },
};

module.exports = nextConfig;
