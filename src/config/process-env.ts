/**
 * The two other ways the process environment is used, kept here so that configuration is read in
 * one folder: the environment handed to PostgreSQL's own processes, and the configuration of the
 * tools that run on a scratch database (tests, the migration generator, the benchmark).
 */
export function childProcessEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** The environment with NODE_ENV=test, for loadConfig() in tools that work on a scratch database. */
export function toolEnvironment(): Record<string, string | undefined> {
  return { ...process.env, NODE_ENV: 'test' };
}
