import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectFile } from '../../src/project-files.ts';
import { buildService } from '../../scripts/build-service.ts';

const run = promisify(execFile);

// The image runs the API and the worker from this build (Dockerfile), and `npm run bench` measures it.
describe('the compiled service (npm run build:service)', () => {
  it('loads every module it imports outside tsx, and sends the agent role back to its sources', async () => {
    const built = await buildService(projectFile('dist/test-service'));
    expect(built.workflowBundle).toMatch(/dist\/test-service\/workflows\.js$/);
    // ROLE=agent stops before any connection: a clean exit with the reason proves the bundle and its packages loaded
    const outcome = await run(process.execPath, [built.main], { env: { ...process.env, ROLE: 'agent', LOG_LEVEL: 'INFO' }, timeout: 30_000 }).then(
      () => ({ code: 0, out: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: `${error.stdout}${error.stderr}` }),
    );
    expect(outcome.code).toBe(1);
    expect(outcome.out).toContain('the agent role runs from its sources: node --import tsx src/main.ts');
  }, 60_000);
});
