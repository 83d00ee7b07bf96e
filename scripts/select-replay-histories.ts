// Picks replay fixtures from recorded workflow histories (see `npm run histories:record`): for
// each workflow type, one history per distinct shape (the sequence of its events, the activities
// and child workflows it scheduled, the signals and updates it took), finished or still running.
// Histories already kept are never replaced: they stand for workflows that may still be running
// in a deployment, which every later version of the code must replay.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The reports' runs last minutes to hours (a big company's pages, Telegram holding sends back for up to a day).
const LONG_LIVED = ['advanceRequest', 'leaveRequest', 'correctionRequest', 'breakWatch', 'shiftWatch', 'shiftReminders', 'punch', 'adjustment', 'dailyReport', 'monthlySummary'];
const PER_TYPE_LIMIT = 24;

interface HistoryJson {
  events: Array<Record<string, unknown> & { eventType: string }>;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : full.endsWith('.json') ? [full] : [];
  });
}

/** What makes two histories different for replay: their events and what each one named. */
export function shapeOf(history: HistoryJson): string {
  return history.events
    .map((e) => {
      const attrs = Object.entries(e).find(([key]) => key.endsWith('Attributes'))?.[1] as Record<string, unknown> | undefined;
      const detail =
        (attrs?.activityType as { name?: string } | undefined)?.name ??
        (attrs?.workflowType as { name?: string } | undefined)?.name ??
        (attrs?.markerName as string | undefined) ??
        (attrs?.signalName as string | undefined) ??
        // An accepted Update names its handler (`decide`, `withdraw`) in its accepted request.
        ((attrs?.acceptedRequest as { input?: { name?: string } } | undefined)?.input?.name) ??
        ((attrs?.request as { input?: { name?: string } } | undefined)?.input?.name) ??
        '';
      return `${e.eventType}${detail ? `(${detail})` : ''}`;
    })
    // Task bookkeeping and when an activity was picked up say nothing about the workflow's code.
    .filter((e) => !/WORKFLOW_TASK_|ACTIVITY_TASK_STARTED/.test(e))
    .join(' ');
}

function main() {
  const [from, to = path.resolve(__dirname, '../test/replay/histories')] = process.argv.slice(2);
  if (!from) throw new Error('usage: select-replay-histories <recorded-dir> [fixtures-dir]');
  let added = 0;
  for (const type of LONG_LIVED) {
    const typeDir = path.join(to, type);
    mkdirSync(typeDir, { recursive: true });
    const kept = readdirSync(typeDir).filter((f) => f.endsWith('.json'));
    const shapes = new Set(kept.map((f) => shapeOf(JSON.parse(readFileSync(path.join(typeDir, f), 'utf8')))));
    const candidates = walk(from).filter((f) => path.basename(path.dirname(f)) === type).sort();
    for (const file of candidates) {
      if (kept.length >= PER_TYPE_LIMIT) break;
      const history = JSON.parse(readFileSync(file, 'utf8')) as HistoryJson;
      // A history recorded before its first workflow task completed has nothing to replay (and
      // the replayer would wait for that task forever).
      if (!history.events.some((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED')) continue;
      const shape = shapeOf(history);
      if (shapes.has(shape)) continue;
      shapes.add(shape);
      let name = `${type}-${String(kept.length + 1).padStart(2, '0')}.json`;
      while (existsSync(path.join(typeDir, name))) name = name.replace(/\.json$/, '-b.json');
      writeFileSync(path.join(typeDir, name), `${JSON.stringify(history, null, 1)}\n`);
      kept.push(name);
      added += 1;
    }
  }
  console.log(`${added} new replay histories in ${to}`);
}

if (require.main === module) main();
