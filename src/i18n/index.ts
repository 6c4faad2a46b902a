import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import { LOCALES, type Locale } from '../domain/locales.ts';

export const LOCALES_DIR = fileURLToPath(new URL('./locales/', import.meta.url));

/** Maps Telegram's language_code (e.g. zh-hans, en-US) to a locale we ship, or undefined. */
export function localeFromLanguageCode(code: string | undefined): Locale | undefined {
  const lower = code?.toLowerCase();
  if (!lower) return undefined;
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

export function createI18n<C extends import('grammy').Context>(
  defaultLocale: Locale,
  negotiate: (ctx: C) => string | undefined,
): I18n<C> {
  const i18n = new I18n<C>({
    defaultLocale,
    // Without this Fluent wraps every variable in Unicode isolation marks, which Telegram shows as junk.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: negotiate,
  });
  for (const locale of LOCALES) {
    i18n.loadLocaleSync(locale, { filePath: `${LOCALES_DIR}${locale}.ftl` });
  }
  return i18n;
}
