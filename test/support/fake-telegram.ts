/** Moved: the fake Bot API now lives in ./fake-telegram/ (this re-export goes once the imports point there). */
export * from './fake-telegram/index.ts';
