import { Runtime } from '@temporalio/worker';
import { logger } from '../src/observability/logger.ts';
import { temporalLogger } from '../src/observability/temporal-logger.ts';

// Worker lifecycle lines and per-dial lines drown test output; errors still show (expected activity
// failures in fault tests log at WARN). Tests that read log lines raise the level (test/helpers/capture-logs.ts).
logger.level = 'error';
try {
  Runtime.install({ logger: temporalLogger('ERROR') });
} catch {
  // already installed in this process by an earlier test file
}
