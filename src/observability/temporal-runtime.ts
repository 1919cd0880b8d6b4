import { IllegalStateError } from '@temporalio/common';
import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import { logger } from './logger.ts';
import { temporalLogger } from './temporal-logger.ts';
import type { Config } from '../config.ts';

/**
 * The Temporal SDK runtime's options: its log level, and, in a process that runs workers, its own
 * Prometheus exporter (task-queue polls, schedule-to-start latency, sticky cache, workflow and
 * activity task counts) on TEMPORAL_METRICS_BIND_ADDRESS. A client-only process (the API role) has no
 * native runtime worth measuring.
 */
export function temporalRuntimeOptions(config: Config, { workers }: { workers: boolean }): RuntimeOptions {
  return {
    logger: temporalLogger(config.logLevel),
    // the entry point orders shutdown itself (HTTP first, then the workers)
    shutdownSignals: [],
    ...(workers ? { telemetryOptions: { metrics: { prometheus: { bindAddress: config.metrics.temporalBindAddress } } } } : {}),
  };
}

/**
 * Installs the runtime once per process, before any worker connection exists. Returns the URL of the
 * SDK's metrics endpoint, or null when there is none (no workers, or a runtime was already installed
 * by someone else in this process, as the test setup does).
 */
export function installTemporalRuntime(config: Config, { workers }: { workers: boolean }): { sdkMetricsUrl: string | null } {
  try {
    Runtime.install(temporalRuntimeOptions(config, { workers }));
  } catch (error) {
    if (error instanceof IllegalStateError) return { sdkMetricsUrl: null };
    // the exporter's address is taken (two workers on one host with the same setting): run without
    // the SDK's metrics rather than not at all; /metrics says they are unavailable
    logger.warn({ err: error, bind_address: config.metrics.temporalBindAddress }, 'temporal: SDK metrics off, their address could not be used');
    Runtime.install(temporalRuntimeOptions(config, { workers: false }));
    return { sdkMetricsUrl: null };
  }
  return { sdkMetricsUrl: workers ? `http://${config.metrics.temporalBindAddress}/metrics` : null };
}
