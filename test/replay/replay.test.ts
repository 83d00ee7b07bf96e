// Long-lived workflows (approvals wait for days, watches for hours) must still replay after every
// change to their code: a worker that restarts mid-wait rebuilds each one from its history. These
// histories were recorded from earlier versions of the code (`npm run histories:record`) and are
// kept for good; a change that cannot replay one of them must be guarded with patched().
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { replayErrors } from '../support/replay';

const DIR = path.join(__dirname, 'histories');
const fixtures = readdirSync(DIR).flatMap((type) => readdirSync(path.join(DIR, type)).map((file) => ({ type, file: path.join(DIR, type, file) })));

function load(file: string) {
  return temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(file, 'utf8')));
}


test('The kept histories cover every long-lived workflow', () => {
  const types = new Set(fixtures.map((f) => f.type));
  for (const type of ['advanceRequest', 'leaveRequest', 'correctionRequest', 'breakWatch', 'shiftWatch', 'shiftReminders', 'punch', 'adjustment', 'dailyReport', 'monthlySummary']) {
    expect(types).toContain(type);
  }
});

test.each(fixtures.map((f) => [`${f.type}/${path.basename(f.file)}`, f.file]))('When %s is replayed on the current code, then it replays without a determinism error', async (_name, file) => {
  expect(await replayErrors([{ workflowId: file, history: load(file) }])).toEqual([]);
});

test('When a workflow\'s code changes what it does, then replaying its old history fails (the check can fail)', async () => {
  const approvals = fixtures.filter((f) => f.type === 'advanceRequest').map((f) => ({ workflowId: f.file, history: load(f.file) }));
  const errors: unknown[] = [];
  const replayed = Worker.runReplayHistories({ workflowsPath: require.resolve('./altered-workflows')}, approvals);
  for await (const result of replayed) errors.push(result.error);
  expect(errors.length).toBe(approvals.length);
  for (const error of errors) expect(error).toBeInstanceOf(DeterminismViolationError);
});
