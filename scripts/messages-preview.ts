// npm run messages:preview [-- --out FILE]: every message the bot can say, rendered with sample values into one
// file a person reads (default data/messages-preview.md); lists what reads wrong and exits 1 if anything does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { catalogDocument, missingKeys, problemsOf, renderCatalog } from '../src/render/catalog.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'data/messages-preview.md' } } });
const out = values.out!;
const entries = renderCatalog();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, catalogDocument(entries));
const problems = [
  ...Object.entries(missingKeys()).flatMap(([locale, keys]) => keys.map((k) => `${k}: missing in ${locale}`)),
  ...entries.flatMap((e) => problemsOf(e).map((p) => `${e.key}: ${p}`)),
];
for (const p of problems) console.log(p);
console.log(`${entries.length} messages written to ${out}; ${problems.length} problem(s)`);
process.exitCode = problems.length > 0 ? 1 : 0;
