import type { TestProject } from 'vitest/node';
import { startPostgresServer } from '../support/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `postgres://postgres@127.0.0.1:<port>/postgres` of the PostgreSQL started for this run. */
    postgresUrl: string;
  }
}

/**
 * Starts one real PostgreSQL for the whole run (fails with one clear line when it is not
 * installed or we are not root), gives tests its URL through `inject('postgresUrl')`, and
 * stops it and deletes its data afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  project.provide('postgresUrl', server.url);
  return () => server.destroy();
}
