import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end suites start child processes and local fake servers; keep the
    // two-core machine from being oversubscribed.
    maxWorkers: 2,
  },
});
