// Gzipped size of the JavaScript a first visit loads: index.html's entry chunk and everything it
// imports statically (recursively), from Vite's build manifest. Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry && key.endsWith('index.html'))
  ?? Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entryKey) throw new Error('no entry chunk in the manifest');

const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const next of chunk.imports ?? []) visit(next);
};
visit(entryKey);

const initialJsFiles = [...initial].filter((f) => f.endsWith('.js'));
const allJs = new Set(Object.values(manifest).map((c) => c.file).filter((f) => f.endsWith('.js')));
const sum = (files) => [...files].reduce((total, f) => total + gz(f), 0);

console.log(JSON.stringify({
  initialJsGzipBytes: sum(initialJsFiles),
  initialJsFiles,
  allJsGzipBytes: sum(allJs),
}, null, 2));
