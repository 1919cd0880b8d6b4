import type { LogLevel } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
import { logger } from './logger.ts';

const pinoLevel = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * The Temporal SDK's logger (the runtime's own lines, and what workflows and activities write with the
 * SDK's `log`, with workflow id, run id and type attached) as lines of the service's logger, tagged
 * `component: temporal`. LOG_LEVEL filters them here, as it always did; the child's own level lets
 * them through whatever SERVICE_LOG_LEVEL is.
 */
export function temporalLogger(level: LogLevel): DefaultLogger {
  const sdk = logger.child({ component: 'temporal' }, { level: pinoLevel[level] });
  return new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
    const fields = Object.fromEntries(Object.entries(meta ?? {}).filter(([key]) => typeof key === 'string'));
    sdk[pinoLevel[entryLevel]](fields, message);
  });
}
