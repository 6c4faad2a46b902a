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
  // Fluent negotiates the locales again on every translation (a third of its time on a busy bot); the bundles
  // are fixed once loaded and the locales asked for are ours, so each answer is kept.
  const fluent = i18n.fluent as unknown as { matchBundles(locales: string[]): unknown };
  const match = fluent.matchBundles.bind(fluent);
  const matched = new Map<string, unknown>();
  fluent.matchBundles = (locales) => {
    const key = locales.join('\n');
    if (!matched.has(key)) matched.set(key, match(locales));
    return matched.get(key);
  };
  return i18n;
}
