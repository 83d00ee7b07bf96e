// `npx tsx bench/heap-summary.ts <file.heapsnapshot> [--per <constructor>]`
// What a V8 heap snapshot holds, by kind of object: the total self size and count of each
// constructor (objects) or node type (strings, code, arrays, …), largest first, and how much of the
// strings are formatted stack traces (lines starting "    at "). With `--per Activator` every figure
// is also divided by how many objects of that constructor the heap holds (one per workflow in a
// workflow thread), to give a cost per workflow. Prints JSON. Reads the whole file into memory:
// meant for snapshots of a few hundred MB (bench/sample-memory.cjs writes them).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { per: { type: 'string' }, top: { type: 'string', default: '25' } } });
const file = positionals[0];
if (!file) throw new Error('usage: heap-summary <file.heapsnapshot> [--per <constructor>] [--top 25]');

const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0];
const width = fields.length;
const [TYPE, NAME, SIZE] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];

const groups = new Map<string, { count: number; bytes: number }>();
let total = 0;
let stackText = { count: 0, bytes: 0 };
for (let i = 0; i < snap.nodes.length; i += width) {
  const type = types[snap.nodes[i + TYPE]!]!;
  const size = snap.nodes[i + SIZE]!;
  total += size;
  const name = snap.strings[snap.nodes[i + NAME]!] ?? '';
  // Objects by constructor; everything else by its type (a string's "name" is its text).
  const key = type === 'object' || type === 'closure' ? `${type} ${name}` : type;
  const g = groups.get(key) ?? { count: 0, bytes: 0 };
  g.count += 1;
  g.bytes += size;
  groups.set(key, g);
  if ((type === 'string' || type === 'concatenated string' || type === 'sliced string') && name.startsWith('    at ')) {
    stackText = { count: stackText.count + 1, bytes: stackText.bytes + size };
  }
}

const per = values.per ? (groups.get(`object ${values.per}`)?.count ?? 0) : 0;
const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
const kb = (n: number) => (per > 0 ? Math.round((n / per / 1024) * 100) / 100 : undefined);
const top = [...groups.entries()]
  .sort((a, b) => b[1].bytes - a[1].bytes)
  .slice(0, Number(values.top))
  .map(([kind, g]) => ({ kind, count: g.count, mb: mb(g.bytes), ...(per > 0 ? { kbPer: kb(g.bytes), countPer: Math.round((g.count / per) * 10) / 10 } : {}) }));

process.stdout.write(
  `${JSON.stringify(
    {
      file,
      totalMb: mb(total),
      ...(values.per ? { per: values.per, perCount: per, kbPer: kb(total) } : {}),
      stackTraceStrings: { count: stackText.count, mb: mb(stackText.bytes), ...(per > 0 ? { kbPer: kb(stackText.bytes) } : {}) },
      top,
    },
    null,
    2,
  )}\n`,
);
