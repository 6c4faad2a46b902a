import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import { LOCALES, type Locale } from '../domain/locales.ts';
import { escapeHtml } from '../render/html.ts';

export const LOCALES_DIR = fileURLToPath(new URL('./locales/', import.meta.url));

/** Text that is already HTML (a rendered fragment): passed into a message as it is, not escaped again. */
export class Html {
  constructor(readonly value: string) {}
}

/** Variables of a message: plain strings are escaped for HTML, numbers formatted, Html fragments kept. */
export type TranslationVars = Record<string, string | number | Html>;
export type Translate = (key: string, vars?: TranslationVars) => string;

/** The variables as Fluent takes them, escaped for Telegram's HTML parse mode. */
export function escapeVars(vars: TranslationVars): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(vars)) {
    out[name] = value instanceof Html ? value.value : typeof value === 'string' ? escapeHtml(value) : value;
  }
  return out;
}

/** Maps Telegram's language_code (e.g. zh-hans, en-US) to a locale we ship, or undefined. */
export function localeFromLanguageCode(code: string | undefined): Locale | undefined {
  const lower = code?.toLowerCase();
  if (!lower) return undefined;
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

export function isLocale(value: string | null | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '');
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
