import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

/** The packages a workflow bundle holds, from webpack's module ids (`./node_modules/<package>/...`). */
function bundledPackages(code: string): Set<string> {
  const ids = code.matchAll(/"\.\/node_modules\/((?:@[^/"]+\/)?[^/"]+)\//g);
  return new Set([...ids].map((m) => m[1]!));
}

describe('the workflow bundle', () => {
  // every module of the bundle is evaluated again for each workflow run the worker holds: a library in
  // it costs its whole module state per run (zod was about 460 KB of a contact run's 570 KB)
  it('holds the SDK and what workflows need, not the libraries of the edges', () => {
    for (const bundle of [inject('workflowBundlePath'), inject('tracedWorkflowBundlePath')]) {
      const packages = bundledPackages(readFileSync(bundle, 'utf8'));
      expect(packages).toContain('@temporalio/workflow');
      for (const edgeLibrary of ['zod', 'postgres', 'hono', 'twilio', 'livekit-server-sdk', '@opentelemetry/sdk-trace-base']) {
        expect(packages, edgeLibrary).not.toContain(edgeLibrary);
      }
    }
  });
});
