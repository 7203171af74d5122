import { randomUUID } from 'node:crypto';
import { PostgresReplayStore } from '@hookguard/postgres';
import { inject } from 'vitest';
import { describeReplayStoreContract } from '../../../test/support/replay-store-contract.js';

const url = inject('postgresUrl');
const opened: PostgresReplayStore[] = [];

describeReplayStoreContract({
  name: 'PostgresReplayStore on a real PostgreSQL',
  async open(count) {
    // A fresh table per key space, so tests (and runs) never see each other's keys.
    const table = `contract_${randomUUID().replaceAll('-', '')}`;
    const stores = Array.from(
      { length: count },
      // Each instance on its own pool, as separate services would be; the background
      // sweep runs often, so it races the claims the suite makes (it must change nothing).
      () => new PostgresReplayStore({ connectionString: url, table, sweepIntervalMs: 250 }),
    );
    opened.push(...stores);
    await (stores[0] as PostgresReplayStore).migrate();
    return stores;
  },
  async close() {
    await Promise.all(opened.map((store) => store.close()));
  },
});
