/**
 * Whether the suite runs on a PostgreSQL server (`TEST_DATABASE_URL`, where it may create databases)
 * or on embedded PGlite, which serves one connection at a time: a pool of connections, files side by
 * side and schemas of their own only on a server.
 */
export const onPostgresServer = Boolean(process.env.TEST_DATABASE_URL);
