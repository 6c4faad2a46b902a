import { describe, expect, it } from 'vitest';
import type { Context } from 'grammy';
import { createI18n } from '../../src/i18n/index.ts';

type Ctx = Context & { t(key: string, vars?: Record<string, string | number>): string; useLocale(locale: 'zh-CN' | 'en'): void };

describe('translations (src/i18n)', () => {
  const i18n = createI18n<Ctx>('zh-CN', (ctx) => (ctx.from?.language_code === 'en' ? 'en' : undefined));

  it('formats a message in the locale asked for, its variables without isolation marks', () => {
    expect(i18n.t('en', 'errors-not-allowed', { command: 'close' })).toBe('Sorry, you are not allowed to use /close. Ask the committee office if you need it.');
    expect(i18n.t('zh-CN', 'reminder-title', { unit: '城关镇', date: '12月3日' })).toBe('⏰ <b>城关镇今日督办提醒</b>（12月3日）');
  });

  it('falls back to the default locale for a locale not shipped, and shows a key found nowhere as {key}', () => {
    expect(i18n.t('fr', 'lang-done')).toBe('好的，今后用中文和您交流。');
    expect(i18n.t('en', 'no-such-key')).toBe('{no-such-key}');
  });

  it('gives each update its locale, the default when none is picked, and lets /lang switch it for the rest of the update', async () => {
    const words: string[] = [];
    const run = async (language_code: string | undefined, handler: (ctx: Ctx) => void) => {
      const ctx = { from: { id: 1, is_bot: false, first_name: 'x', language_code } } as unknown as Ctx;
      await i18n.middleware()(ctx, async () => handler(ctx));
    };
    await run('en', (ctx) => words.push(ctx.t('lang-done')));
    await run(undefined, (ctx) => words.push(ctx.t('lang-done')));
    await run(undefined, (ctx) => {
      ctx.useLocale('en');
      words.push(ctx.t('lang-done'));
    });
    expect(words).toEqual(['OK, I will speak English with you from now on.', '好的，今后用中文和您交流。', 'OK, I will speak English with you from now on.']);
  });
});
