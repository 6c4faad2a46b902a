// The bot's words, from the Fluent files in ./locales, with @fluent/bundle itself rather than @grammyjs/i18n:
// that plugin's Node build loads a Deno shim at start (about 50 ms of it on 2 cores, 2.6 MB of heap kept for
// good), and of the plugin we used only a locale per update, /lang's switch of it, and a lookup we had already had
// to take over (it negotiated the locales again on every translation, a third of its time on a busy bot).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import type { Context, MiddlewareFn } from 'grammy';
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

/** The variables of a message, as Fluent takes them (already escaped for Telegram where they need to be). */
type FluentVars = Record<string, string | number>;

/** What the translations put on each update's context: its words, in the locale chosen for it. */
export interface TranslationFlavor {
  t(key: string, vars?: FluentVars): string;
  /** Answers the rest of this update in another locale (/lang). */
  useLocale(locale: Locale): void;
}

/**
 * The messages of every locale we ship. A key missing in a locale is looked up in the default one; missing in
 * both it comes out as `{key}`, visibly (test/unit/locale-keys.test.ts keeps the locales' keys the same).
 */
class Translations<C extends Context> {
  private readonly bundles = new Map<string, FluentBundle>();

  constructor(
    private readonly defaultLocale: Locale,
    private readonly localeOf: (ctx: C) => string | undefined,
  ) {
    for (const locale of LOCALES) {
      // Without useIsolating: false Fluent wraps every variable in Unicode isolation marks, which Telegram shows as junk.
      const bundle = new FluentBundle(locale, { useIsolating: false });
      const errors = bundle.addResource(new FluentResource(readFileSync(`${LOCALES_DIR}${locale}.ftl`, 'utf8')));
      if (errors.length > 0) throw new Error(`${locale}.ftl: ${errors.map(String).join('; ')}`);
      this.bundles.set(locale, bundle);
    }
  }

  t(locale: string, key: string, vars?: FluentVars): string {
    for (const bundle of [this.bundles.get(locale), this.bundles.get(this.defaultLocale)]) {
      const pattern = bundle?.getMessage(key)?.value;
      if (pattern) return bundle!.formatPattern(pattern, vars);
    }
    return `{${key}}`;
  }

  /** Puts `ctx.t` on each update, in the locale `localeOf` picks for it (the default when it picks none). */
  middleware(): MiddlewareFn<C & TranslationFlavor> {
    return (ctx, next) => {
      let locale = this.localeOf(ctx) ?? this.defaultLocale;
      ctx.t = (key, vars) => this.t(locale, key, vars);
      ctx.useLocale = (chosen) => (locale = chosen);
      return next();
    };
  }
}

export function createI18n<C extends Context>(defaultLocale: Locale, localeOf: (ctx: C) => string | undefined): Translations<C> {
  return new Translations<C>(defaultLocale, localeOf);
}
