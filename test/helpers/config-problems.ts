import { ConfigError, loadConfig } from '../../src/config.ts';

/** The problems loadConfig names for `env`; empty when it loads. */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
