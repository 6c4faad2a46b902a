import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import type { Locale } from '../../src/domain/locales.ts';
import { ANYWHERE, PUBLIC } from '../shared/places.ts';

const LOCALE_WORDS: Record<string, Locale> = { zh: 'zh-CN', 'zh-cn': 'zh-CN', 中文: 'zh-CN', en: 'en', english: 'en' };

export default defineCommand({
  name: 'lang',
  roles: PUBLIC,
  places: ANYWHERE,
  args: z.tuple([
    z
      .string()
      .transform((word) => LOCALE_WORDS[word.toLowerCase()])
      .pipe(z.enum(['zh-CN', 'en'], { error: 'args-lang' })),
  ], { error: 'args-lang' }),
  async handler(ctx, [locale], services) {
    await services.members.setLocale(ctx.actor, locale);
    ctx.useLocale(locale);
    return answer(ctx, t(ctx, 'lang-done'));
  },
});
