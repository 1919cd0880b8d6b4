import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import { projectFile } from '../project-files.ts';

const script = projectFile('scripts/temporal-cli.sh');

/**
 * The dev server binary: TEMPORAL_CLI, the project's cached Go build, or a fresh `go install`
 * (scripts/temporal-cli.sh does the work). Without any of them the SDK downloads one.
 */
export async function resolveTemporalExecutable(): Promise<EphemeralServerExecutable> {
  try {
    const { stdout } = await promisify(execFile)('bash', [script], { maxBuffer: 1 << 20, timeout: 15 * 60_000 });
    return { type: 'existing-path', path: stdout.trim() };
  } catch (error) {
    if ((error as { code?: number }).code === 3) return { type: 'cached-download' };
    throw error;
  }
}
