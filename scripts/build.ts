// The production build (`npm run build`): the bot compiled to JavaScript in dist/ (tsc, relative `.ts` imports
// rewritten to `.js`), with the files it reads next to its code: the locales, the migrations, the Prisma clients'
// query compilers (scripts/prisma-generate.ts, compilerOnce) and the chart's two font files
// (src/render/chart-fonts.ts; their package is a development dependency). `npm run
// start:prod` runs it with node alone, no TypeScript loader (a start without transpiling every module).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FONT_FILES, FONT_LICENSE, packageFontDir } from '../src/render/chart-fonts.ts';
import { COMPILER_FILE } from './prisma-generate.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
// --out <dir>: elsewhere than dist/ (the process test builds into a folder of its own); inside the checkout, so
// that node finds node_modules from it.
const out = process.argv.indexOf('--out');
const dist = out >= 0 && process.argv[out + 1] ? path.resolve(process.argv[out + 1]!) : path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', dist], { stdio: 'inherit' });
cpSync(path.join(root, 'src/i18n/locales'), path.join(dist, 'src/i18n/locales'), { recursive: true });
cpSync(path.join(root, 'prisma/migrations'), path.join(dist, 'prisma/migrations'), { recursive: true });
for (const provider of ['sqlite', 'postgresql']) {
  const compiler = `src/db/generated/${provider}/internal/${COMPILER_FILE}`;
  // Clients generated before compilerOnce wrote this file do not read it: they are to be generated again.
  if (!existsSync(path.join(root, compiler))) throw new Error(`no ${compiler}: run \`npm install\` (or \`npx tsx scripts/prisma-generate.ts\`) to generate the Prisma clients again`);
  cpSync(path.join(root, compiler), path.join(dist, compiler));
}
for (const file of [...Object.values(FONT_FILES), FONT_LICENSE]) cpSync(path.join(packageFontDir(), file), path.join(dist, 'fonts', file));
console.log(`built ${path.relative(process.cwd(), dist) || dist}: node dist/src/main.js (npm run start:prod)`);
