import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      // A leading underscore marks a value left out on purpose, such as a password dropped from a copy.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Plain links on purpose: next/link adds about 3.3 KB gzip to every page (docs/benchmarks.md),
    // which would break the first-load budgets, and a full page load here is fast.
    rules: { "@next/next/no-html-link-for-pages": "off" },
  },
  {
    // Playwright fixtures call a `use` callback that is not React's `use`.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".e2e-logs/**"],
  },
];

export default config;
