import type { ReplayTableName } from './table-name.js';

/** The state of a committed delivery. A lease's state is `lease:<token>`, so never this. */
export const DONE = 'done';

/** The state that marks `token`'s lease. */
export function leaseState(token: string): string {
  return `lease:${token}`;
}

/** The SQL of every store operation on one table. */
export interface ReplayStatements {
  /** `$1` key, `$2` our lease state, `$3` lease ms. Returns the row's resulting `state`. */
  readonly claim: string;
  /** `$1` key, `$2` our lease state, `$3` ttl ms. Touches one row when we held the lease. */
  readonly commitOwned: string;
  /** `$1` key, `$2` ttl ms. Records the delivery as done unless a live record exists. */
  readonly commitAnyway: string;
  /** `$1` key, `$2` our lease state. Deletes one row when we held the lease. */
  readonly release: string;
  /** `$1` batch size. Deletes at most that many expired rows. */
  readonly sweepBatch: string;
  /** Fails unless the table exists and can be read. */
  readonly probe: string;
}

// Time: every statement reads the database's clock, so instances whose own clocks disagree
// still agree on what has expired. It is `now()` rather than `clock_timestamp()`: each
// statement runs in its own transaction (pool.query outside BEGIN), so `now()` is the
// statement's start, and it is the SAME instant for every check and the new expiry within
// one statement, where `clock_timestamp()` would move between them. The cost: a statement
// that waited on a row lock decides as of when it started, a few milliseconds early, which
// can only make a just-expired lease look held (the vendor retries) and a new expiry a few
// milliseconds shorter.
const MS = `::double precision * interval '1 millisecond'`;

/**
 * Builds the statements for `table`, whose name was validated and quoted by
 * `parseTableName` (identifiers cannot be bind parameters; everything else is one).
 */
export function replayStatements(table: ReplayTableName): ReplayStatements {
  const t = table.sql;
  return {
    // A claim is one INSERT … ON CONFLICT DO UPDATE, which PostgreSQL makes atomic per key
    // under READ COMMITTED: each call either inserts the row or locks the existing one and
    // updates it, retrying internally when a concurrent insert or delete of the same key
    // lands in between, so exactly one of two racing claims inserts. The loser waits for
    // the winner's transaction, then its DO UPDATE runs on the LATEST committed version of
    // the row, under the row lock, even though its snapshot predates that row. So the CASE
    // decides on what the key holds now, and nothing can change the row between that
    // decision and the write.
    // The update always happens (no WHERE on DO UPDATE): a held key is rewritten with its
    // own values, so RETURNING always yields the row as it now is: our lease when we took
    // the key (inserted, or replaced an expired lease or record), otherwise what holds it.
    // With `DO UPDATE … WHERE <expired>` a held key returns no row, and reading it with a
    // second statement would race with a commit, release or expiry in between. Rewriting a
    // held key costs a dead tuple, only for duplicates, and is a HOT update (no indexed
    // value changes).
    claim: `INSERT INTO ${t} AS r (key, state, expires_at)
VALUES ($1, $2, now() + $3${MS})
ON CONFLICT (key) DO UPDATE SET
  state = CASE WHEN r.expires_at <= now() THEN excluded.state ELSE r.state END,
  expires_at = CASE WHEN r.expires_at <= now() THEN excluded.expires_at ELSE r.expires_at END
RETURNING state`,
    // The owner's path: our live lease becomes the record, atomically (the row lock makes a
    // concurrent claim or release wait, then re-check its own WHERE on our new row).
    commitOwned: `UPDATE ${t} SET state = '${DONE}', expires_at = now() + $3${MS}
WHERE key = $1 AND state = $2 AND expires_at > now()`,
    // Our lease was gone: the delivery took effect all the same, so record it over whatever
    // holds the key (nothing, an expired row, another copy's lease), but leave a live record
    // as it is.
    commitAnyway: `INSERT INTO ${t} AS r (key, state, expires_at)
VALUES ($1, '${DONE}', now() + $2${MS})
ON CONFLICT (key) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at
WHERE r.state <> '${DONE}' OR r.expires_at <= now()`,
    // Compare-and-delete: only our own live lease, never a record or another token's lease.
    release: `DELETE FROM ${t} WHERE key = $1 AND state = $2 AND expires_at > now()`,
    // Bounded, and SKIP LOCKED so a sweep never waits on (or blocks) a claim of the same key,
    // nor another instance's sweep. FOR UPDATE re-checks the expiry on a row that a claim
    // took over meanwhile, so a fresh lease is never deleted.
    sweepBatch: `DELETE FROM ${t} WHERE key IN (
  SELECT key FROM ${t} WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED
)`,
    probe: `SELECT 1 FROM ${t} LIMIT 0`,
  };
}
