import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { createSql } from '../src/db/client.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { startDevServer } from '../src/temporal/dev-server.ts';
import { workflowsPath } from '../src/temporal/worker.ts';
import { tracingWorkflowInterceptorModules } from '../src/observability/tracing.ts';
import { quietBundler } from '../scripts/quiet-bundler.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    workflowBundlePath: string;
    /** the same workflows with OpenTelemetry's workflow interceptors, as a worker with tracing on bundles them */
    tracedWorkflowBundlePath: string;
  }
}

/**
 * One real Temporal dev server, one migrated database and one workflow bundle for the whole suite.
 * TEST_DATABASE_URL (a server where we may create databases) gets a fresh database per run;
 * without it the suite runs on embedded PGlite.
 */
export default async function setup(project: TestProject) {
  const cleanups: (() => Promise<void>)[] = [];
  const [server, database, bundlePath, tracedBundlePath] = await Promise.all([
    startDevServer({}),
    createTestDatabase(cleanups),
    bundleWorkflows(cleanups, 'workflow-bundle.js', []),
    bundleWorkflows(cleanups, 'traced-workflow-bundle.js', tracingWorkflowInterceptorModules()),
  ]);
  cleanups.push(() => server.stop());
  project.provide('temporalAddress', server.address);
  project.provide('databaseUrl', database);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('tracedWorkflowBundlePath', tracedBundlePath);
  return async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error('teardown:', e));
  };
}

async function createTestDatabase(cleanups: (() => Promise<void>)[]): Promise<string> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  let url: string;
  if (adminUrl) {
    const name = `survey_dialer_test_${process.pid}_${Date.now()}`;
    const admin = createSql(adminUrl, { max: 1 });
    await admin.unsafe(`create database ${name}`);
    cleanups.push(async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    });
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    url = target.toString();
  } else {
    const embedded = await startEmbeddedPostgres();
    cleanups.push(() => embedded.stop());
    url = embedded.url;
  }
  const sql = createSql(url, { max: 1 });
  await migrate(sql);
  await sql.end({ timeout: 5 });
  return url;
}

async function bundleWorkflows(cleanups: (() => Promise<void>)[], name: string, workflowInterceptorModules: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'survey-dialer-bundle-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: quietBundler });
  const file = path.join(dir, name);
  await writeFile(file, code);
  return file;
}
