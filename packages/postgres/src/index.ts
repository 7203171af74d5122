export { FAIL_FAST_POOL_CONFIG } from './pool-config.js';
export {
  DEFAULT_SWEEP_BATCH_SIZE,
  DEFAULT_SWEEP_INTERVAL_MS,
  PostgresReplayStore,
} from './postgres-replay-store.js';
export { POSTGRES_REPLAY_SCHEMA_SQL, postgresReplaySchema } from './replay-schema.js';
export {
  DEFAULT_POSTGRES_REPLAY_TABLE,
  parseTableName,
  type ReplayTableName,
} from './table-name.js';
export type {
  PostgresConnectOptions,
  PostgresPoolSettings,
  PostgresQueryable,
  PostgresReplayStoreOptions,
} from './types.js';
