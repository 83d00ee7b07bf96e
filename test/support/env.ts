// Values the global setup hands to every test file through the environment.
export interface TestRunEnv {
  runId: string;
  temporalAddress: string;
  temporalBin: string;
  workflowBundle: string;
  stateDir: string;
  postgresUrl: string;
  redisUrl: string;
}

export function testRunEnv(): TestRunEnv {
  const get = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the tests through "npm test" (jest's global setup sets it)`);
    return value;
  };
  return {
    runId: get('TEST_RUN_ID'),
    temporalAddress: get('TEST_TEMPORAL_ADDRESS'),
    temporalBin: get('TEST_TEMPORAL_BIN'),
    workflowBundle: get('TEST_WORKFLOW_BUNDLE'),
    stateDir: get('TEST_STATE_DIR'),
    postgresUrl: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
    redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}

/** Namespaces the global setup creates, one per stack; the short PostgreSQL-backed pass needs fewer. */
export const TEST_NAMESPACE_COUNT = Number(process.env.TEST_NAMESPACE_COUNT ?? 64);
