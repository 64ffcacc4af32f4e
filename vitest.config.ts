import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Waits poll state (test/support/wait.ts); these limits only stop a test that can never pass.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end suites start child processes and local fake servers; keep the
    // two-core machine from being oversubscribed.
    maxWorkers: 2,
  },
});
