import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker lifecycle lines drown test output; errors still show (expected activity failures in fault tests log at WARN).
try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // already installed in this process by an earlier test file
}
