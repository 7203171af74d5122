import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

/** The part of a `pg.Client` these helpers use. */
interface SqlClient {
  connect(): Promise<void>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
}

// The workspace root does not depend on pg; @hookguard/postgres does, so its copy is used.
const pg = createRequire(new URL('../../packages/postgres/package.json', import.meta.url))(
  'pg',
) as {
  Client: new (config: { connectionString: string }) => SqlClient;
};

/**
 * Creates an empty database on the server `serverUrl` points at and resolves the same URL
 * naming it instead (user, password and host kept): a service pointed at it starts with no
 * replay table, as on a fresh deployment, and shares nothing with other tests.
 */
export async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `hookguard_${randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
