import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** `npm run record-histories`: the recorder only, with the suite's dev server and database. */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/record/record-histories.ts'] } });
