import type { Context } from 'grammy';
import { pino } from 'pino';
import { buildServices } from '../../src/app.ts';
import type { Config } from '../../src/config/index.ts';
import type { ChatMenus, Services } from '../../src/container.ts';
import { serialOf } from '../../src/db/sqlite-serial.ts';
import type { Db } from '../../src/db/types.ts';
import { Outbox } from '../../src/delivery/outbox.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { escapeVars, type TranslationVars } from '../../src/render/html.ts';

/** The services as the app builds them, for service tests: a real outbox, no Telegram, no chart. */
export function testServices(db: Db, config: Config, now: () => Date): Services {
  const i18n = createI18n<Context>(config.defaultLocale, () => config.defaultLocale);
  return buildServices({
    config,
    db,
    provider: serialOf(db) ? 'sqlite' : 'postgresql',
    logger: pino({ level: 'silent' }),
    now,
    menus: {} as ChatMenus,
    commands: [],
    outbox: new Outbox(db, now),
    nudge: () => undefined,
    translate: (key: string, vars?: TranslationVars) => i18n.t(config.defaultLocale, key, vars && escapeVars(vars)),
    renderChart: async () => Buffer.alloc(0),
    instanceId: 'test',
  });
}
