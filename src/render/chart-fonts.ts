// Where the chart's two font files are: Noto Sans SC (SIL OFL 1.1) regular and bold.
//
// They come from the npm package @expo-google-fonts/noto-sans-sc, a development dependency: it holds nine
// weights (92 MB) of which the chart uses two. The production build copies those two and the font's licence
// into dist/fonts/ (scripts/build.ts), so the compiled bot reads them there and a production install
// (`npm prune --omit=dev`) carries 21 MB of font instead of 92. Run from source, they are read from the package.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

/** The files the chart uses, relative to the package (and to dist/fonts/). */
export const FONT_FILES = {
  regular: '400Regular/NotoSansSC_400Regular.ttf',
  bold: '700Bold/NotoSansSC_700Bold.ttf',
} as const;

/** The font's licence (OFL 1.1 asks that it travel with the fonts). */
export const FONT_LICENSE = 'LICENSE_FONT';

/** dist/fonts/ as seen from dist/src/render/, where this file is compiled to. */
const BUILT_FONTS = new URL('../../fonts/', import.meta.url);

/** The installed font package's folder (the build copies from it). */
export function packageFontDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/package.json`));
}

let fontDir: string | undefined;

/** Absolute path of one of the chart's font files: in dist/fonts/ when compiled, in the package from source. */
export function chartFontPath(weight: keyof typeof FONT_FILES = 'regular'): string {
  fontDir ??= existsSync(BUILT_FONTS) ? fileURLToPath(BUILT_FONTS) : packageFontDir();
  return path.join(fontDir, FONT_FILES[weight]);
}
