import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/open-database.ts';

const config = loadConfig();
const db = await openDatabase(config);
console.log(`migrations applied: ${db.applied.length ? db.applied.join(', ') : 'none pending'} (${db.description})`);
await db.close();
