/**
 * The environment variable naming the test run's folder of saved deployments: test/run.ts creates the folder and
 * sets it, platform.ts saves and loads deployed chains there. Without it every chain test file deploys for itself.
 */
export const CHAIN_STATES_ENV = "FREEHOLD_TEST_CHAIN_STATES";
