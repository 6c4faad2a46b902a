import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeTelegram } from '../support/fake-telegram/index.ts';
import { TEST_TOKEN } from '../support/harness.ts';
import { killAll, spawnChild, type ChildProcess } from '../support/bot-processes.ts';

describe('grammY without node-fetch (src/bot/without-node-fetch.ts)', () => {
  // In a process of its own: this one's module cache may already hold grammY with node-fetch.
  it('the bot loads grammY without node-fetch, calls through its own fetch, and a call needing node-fetch fails loudly', async () => {
    const tg = await startFakeTelegram();
    const children = new Set<ChildProcess>();
    const dir = mkdtempSync(join(tmpdir(), 'duban-modules-'));
    try {
      const child = spawnChild(children, 'test/support/app-modules.ts', [], { BOT_TOKEN: TEST_TOKEN, BOT_API_ROOT: tg.apiRoot }, dir);
      const loaded = await child.event('loaded', 30_000);
      expect(loaded.loaded).toEqual([]);
      expect(loaded.me).toMatchObject({ is_bot: true });
      expect(loaded.byDefault).toContain('node-fetch is not loaded');
      expect(tg.calls('getMe')).toHaveLength(1);
    } finally {
      killAll(children);
      await tg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
