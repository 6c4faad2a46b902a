// grammY's Node build requires node-fetch 2 at load, for the fetch it uses when given none and for InputFiles
// made from URLs. The bot gives its own (botApiClient in src/bot/bot-api-fetch.ts) and sends files from bytes only,
// yet node-fetch and its URL parser (whatwg-url, tr46's Unicode table) cost 25-40 ms of every start on 2 cores
// and 1.7 MB of heap kept for good, which the memory reducer's GC then has to mark (bench/footprint.ts). So before
// grammY loads, the module cache gets a stand-in under node-fetch's name (require.cache may be added to, as Node
// documents) that fails loudly if anything does call it. Imported first by src/app.ts; where grammY was loaded
// before, it changes nothing (test/unit/without-node-fetch.test.ts).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// node-fetch as grammY's own modules resolve it (grammy/out/mod.js, and the shim beside it).
const nodeFetch = createRequire(require.resolve('grammy')).resolve('node-fetch');
if (!require.cache[nodeFetch]) {
  const notLoaded = (): Promise<never> =>
    Promise.reject(new Error('node-fetch is not loaded (src/bot/without-node-fetch.ts): give grammY botApiClient() and InputFiles from bytes'));
  const exports = Object.assign(notLoaded, { default: notLoaded });
  require.cache[nodeFetch] = { id: nodeFetch, filename: nodeFetch, loaded: true, exports, children: [], paths: [] } as unknown as NodeJS.Module;
}
