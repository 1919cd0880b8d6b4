import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's (or the image's) root: the nearest folder above this module holding package.json.
 * Found, not assumed, because this module runs from its source (tsx) and from the compiled service
 * bundle (dist/service/main.mjs, `npm run build:service`), which sit at different depths.
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

const projectRoot = findProjectRoot();

/** A file or folder of the project by its path from the root (`sql/`, `web/dist/`, `workflows/index.ts`). */
export function projectFile(relative: string): string {
  return path.join(projectRoot, relative);
}
