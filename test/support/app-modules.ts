// A child process for test/unit/without-node-fetch.test.ts: src/app.ts loaded as the bot loads it, then which of
// node-fetch's URL parser's modules are in the cache (node-fetch's own name holds the stand-in), a call through botApiClient and one through grammY's default fetch.
import { createRequire } from 'node:module';

await import('../../src/app.ts');
const { Api } = await import('grammy');
const { botApiClient } = await import('../../src/bot/bot-api-fetch.ts');
const root = process.env.BOT_API_ROOT!;
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => /node_modules\/(whatwg-url|tr46|webidl-conversions)\//.test(path));
const me = await new Api(process.env.BOT_TOKEN!, botApiClient(root)).getMe();
const byDefault = await new Api(process.env.BOT_TOKEN!, { apiRoot: root }).getMe().then(
  () => 'answered',
  // grammY wraps what fetch threw in an HttpError, keeping it as .error.
  (error: { error?: unknown }) => `${String(error)}: ${String(error.error)}`,
);
console.log(JSON.stringify({ event: 'loaded', loaded, me, byDefault }));
