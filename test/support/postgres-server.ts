// The launcher lives in scripts/servers/, plain JavaScript, so the benchmark starts the same
// server without a TypeScript loader; the tests keep importing it from here.
export type { PostgresServer } from '../../scripts/servers/postgres-server.mjs';
export {
  findPostgresBin,
  POSTGRES_NOT_INSTALLED,
  startPostgresServer,
} from '../../scripts/servers/postgres-server.mjs';
