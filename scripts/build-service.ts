/**
 * `npm run build:service`: the service compiled for production into dist/service/ — main.mjs (src/main.ts
 * and the project's own modules in one ES module, packages left to node_modules) and workflows.js (the
 * workflow bundle, tracing's relay interceptors included; WORKFLOW_BUNDLE names it).
 *
 * Why compile what tsx runs as is: tsx keeps a loader thread and every transformed module's source map
 * for the life of the process (some 40 MiB of the worker's resident memory), and a worker that bundles
 * its workflows at start holds webpack's heap. `npm run bench` runs the worker and the API from this build.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { bundleWorkflowCode } from '@temporalio/worker';
import { tracingWorkflowInterceptorModules } from '../src/observability/tracing.ts';
import { projectFile } from '../src/project-files.ts';
import { quietBundler } from './quiet-bundler.ts';
import { workflowsPath } from '../src/temporal/worker.ts';

export interface ServiceBuild {
  /** the service's entry (src/main.ts compiled): `node <main>` with ROLE=api|worker|all */
  main: string;
  /** the workflow bundle, for WORKFLOW_BUNDLE */
  workflowBundle: string;
}

export async function buildService(outdir = projectFile('dist/service')): Promise<ServiceBuild> {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: { main: projectFile('src/main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // lazily imported modules (OpenTelemetry's SDK, the dev server) stay chunks of their own, loaded on use
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    // they only relay a trace header when tracing is on, so the one bundle serves either way
    workflowInterceptorModules: tracingWorkflowInterceptorModules(),
    logger: quietBundler,
  });
  const workflowBundle = path.join(outdir, 'workflows.js');
  await writeFile(workflowBundle, code);
  return { main: path.join(outdir, 'main.mjs'), workflowBundle };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectFile('scripts/build-service.ts'))) {
  const built = await buildService();
  console.log(`service: ${path.relative(projectFile(''), built.main)}, workflows: ${path.relative(projectFile(''), built.workflowBundle)}`);
}
