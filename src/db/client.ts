import postgres from 'postgres';

export type Sql = postgres.Sql;

/** One pool for the process; postgres.js queues queries when all connections are busy. */
export function createSql(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    transform: { undefined: null },
  });
}
