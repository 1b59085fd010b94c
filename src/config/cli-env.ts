/**
 * Environment read by the admin CLI only (kept apart from AppConfig, which the server validates at
 * start-up and which has no business holding a password).
 */
export interface CliEnvironment {
  /** `PARVIS_PASSWORD`: the password for users:create / users:reset-password without a prompt. */
  password: string | undefined;
}

export function loadCliEnvironment(env: Record<string, string | undefined> = process.env): CliEnvironment {
  const password = env.PARVIS_PASSWORD;
  return { password: password === undefined || password === '' ? undefined : password };
}
