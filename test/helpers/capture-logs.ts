import { vi } from 'vitest';
import { logger, type ServiceLogLevel } from '../../src/observability/logger.ts';

/**
 * Reads what the service's logger writes (JSON lines on process.stdout) while it runs at `level`;
 * `restore()` puts the level and stdout back. Lines stay out of the test output.
 */
export function captureLogs(level: ServiceLogLevel = 'info') {
  const previous = logger.level;
  const written: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  logger.level = level;
  return {
    /** everything written, as text */
    text: () => written.join(''),
    /** the JSON lines, parsed */
    lines: (): Record<string, unknown>[] =>
      written
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    restore() {
      logger.level = previous;
      write.mockRestore();
    },
  };
}
