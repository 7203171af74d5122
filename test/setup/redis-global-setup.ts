import type { TestProject } from 'vitest/node';
import { startRedisServer } from '../support/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:<port>` of the redis-server started for this test run. */
    redisUrl: string;
  }
}

/**
 * Starts one real redis-server for the whole run (fails with a clear message when it is not
 * installed), gives tests its URL through `inject('redisUrl')`, and stops it afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startRedisServer();
  project.provide('redisUrl', server.url);
  return () => server.stop();
}
