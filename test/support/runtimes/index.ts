// One function per runtime: each runs an ESM entry in the real runtime, installed from the
// npm registry as a root devDependency, and gives back what it answered. Nothing reaches
// the network: processes get no permission (Deno) or only a loopback socket (workerd).
export { installedVersion } from './binaries.js';
export { type EdgeModule, type EdgeVM, loadInEdgeRuntime, runInEdge } from './edge.js';
export { runInBun, runInDeno, runInNode } from './processes.js';
export {
  NODEJS_COMPAT_BY_DEFAULT_FROM,
  runInWorkerd,
  startWorkerd,
  type WorkerdOptions,
  type WorkerdRun,
  type WorkerdServer,
} from './workerd.js';
export { readWranglerToml, type WranglerConfig } from './wrangler-toml.js';
