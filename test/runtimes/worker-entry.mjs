// workerd: a module Worker that answers any request with the portable suite's report.
import { runPortableSuite } from './portable-suite.mjs';

/** @type {{ fetch(): Promise<Response> }} */
const worker = {
  async fetch() {
    return Response.json(await runPortableSuite());
  },
};

export default worker;
