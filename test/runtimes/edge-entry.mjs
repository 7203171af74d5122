// Vercel's Edge runtime (EdgeVM): the harness calls the default export.
import { runPortableSuite } from './portable-suite.mjs';

export default runPortableSuite;
