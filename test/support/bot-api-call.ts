// A child process for test/unit/bot-api-fetch.test.ts: one getMe through botApiClient at BOT_API_ROOT, an https
// root whose certificate NODE_EXTRA_CA_CERTS makes trusted (which only a process that is starting can be told).
import { Api } from 'grammy';
import { botApiClient } from '../../src/bot/bot-api-fetch.ts';

const me = await new Api(process.env.BOT_TOKEN!, botApiClient(process.env.BOT_API_ROOT)).getMe();
console.log(JSON.stringify({ event: 'called', me }));
