import type { ReplayWorkerOptions } from '@temporalio/worker';
import { inject } from 'vitest';
import { createDataConverter } from '../../src/temporal/data-converter.ts';
import { devPayloadKey } from '../../src/temporal/payload-codec.ts';

export const tracingModes = ['tracing off', 'tracing on'] as const;

/** Replay options as a worker runs them: the service's codec and the bundle of that mode (tracing on: with the trace-relaying workflow interceptors). */
export function replayOptions(mode: (typeof tracingModes)[number]): ReplayWorkerOptions {
  return {
    workflowBundle: { codePath: inject(mode === 'tracing on' ? 'tracedWorkflowBundlePath' : 'workflowBundlePath') },
    dataConverter: createDataConverter([devPayloadKey]),
  };
}
