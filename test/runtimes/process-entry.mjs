// Node, Bun and Deno: run the portable suite and print its report as one line of JSON.
import { runPortableSuite } from './portable-suite.mjs';

console.log(JSON.stringify(await runPortableSuite()));
