// The trivial workflows of bench/trivial-workflow.ts run against one Temporal server: an
// in-process worker on its own task queue, a step of starts at a fixed rate timed from the start
// call to the client holding the result, and one workflow's latency split at its first task.
import { type Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { paced } from './bench-stack';
import { processCpuSeconds } from './process-cpu';
import { summarize } from './stats';
import { oneActivity, trivialActivities, workflowClock } from './trivial-workflow';

/** A step meets the target when its p99 stays within this and it keeps up with the offered rate. */
export const TARGET_P99_MS = 1000;
export const SUSTAINED_FRACTION = 0.9;

export interface TrivialWorker {
  stop(): Promise<void>;
}

export async function startTrivialWorker(address: string, taskQueue: string, bundle: WorkflowBundleWithSourceMap): Promise<TrivialWorker> {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities: trivialActivities });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** Settles with the promise, or with `undefined` once `deadline` (performance.now()) has passed. */
function byDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - performance.now()))));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Starts rate × seconds one-activity workflows on a fixed schedule (an open load: a slow answer
 * does not delay the next start) and times each start → result. Results still missing
 * `graceSeconds` after the last start count as unfinished.
 */
export async function trivialStep(
  client: Client,
  o: { taskQueue: string; label: string; rate: number; seconds: number; graceSeconds: number; serverPid: number | undefined },
) {
  const count = Math.round(o.rate * o.seconds);
  const deadline = performance.now() + (o.seconds + o.graceSeconds) * 1000;
  const issued: number[] = [];
  const serverCpuBefore = processCpuSeconds(o.serverPid);
  const ownCpuBefore = process.cpuUsage();
  const { results } = await paced(count, o.rate, async (i) => {
    const started = performance.now();
    issued.push(started);
    const execution = client.workflow.execute(oneActivity, { taskQueue: o.taskQueue, workflowId: `${o.label}-${i}` });
    try {
      const done = await byDeadline(
        execution.then(() => performance.now()),
        deadline,
      );
      return done === undefined ? ('unfinished' as const) : { latency: done - started, at: done };
    } catch {
      return 'failed' as const;
    } finally {
      execution.catch(() => undefined);
    }
  });
  const serverCpu = (processCpuSeconds(o.serverPid) ?? NaN) - (serverCpuBefore ?? NaN);
  const ownCpu = process.cpuUsage(ownCpuBefore);

  const completed = results.filter((r) => typeof r === 'object');
  const lastResult = Math.max(...completed.map((r) => r.at));
  const latencyMs = summarize(completed.map((r) => r.latency));
  const achieved = completed.length === 0 ? 0 : completed.length / ((lastResult - issued[0]!) / 1000);
  const unfinished = results.filter((r) => r === 'unfinished').length;
  const failed = results.filter((r) => r === 'failed').length;
  const sustained = unfinished === 0 && failed === 0 && achieved >= SUSTAINED_FRACTION * o.rate;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    offeredPerSecond: o.rate,
    issuedPerSecond: round((issued.length - 1) / ((issued.at(-1)! - issued[0]!) / 1000)),
    achievedPerSecond: round(achieved),
    workflows: count,
    completed: completed.length,
    unfinished,
    failed,
    latencyMs,
    withinTarget: sustained && latencyMs.p99 <= TARGET_P99_MS,
    cpuMsPerWorkflow: {
      temporalServer: round((serverCpu * 1000) / completed.length),
      // Client and worker together: both run in this process.
      benchProcess: round((ownCpu.user + ownCpu.system) / 1000 / completed.length),
    },
  };
}

/**
 * One workflow's latency split where its first workflow task starts: start call → task started
 * (the workflow returns its clock, which is that moment), and task started → result at the client.
 */
export async function latencySplit(client: Client, o: { taskQueue: string; label: string; count: number; rate: number }) {
  const { results } = await paced(o.count, o.rate, async (i) => {
    const started = Date.now();
    const taskStarted = await client.workflow.execute(workflowClock, { taskQueue: o.taskQueue, workflowId: `${o.label}-${i}` });
    return { toTask: taskStarted - started, toResult: Date.now() - taskStarted };
  });
  const pick = (values: number[]) => {
    const s = summarize(values);
    return { p50: s.p50, p95: s.p95 };
  };
  return {
    workflows: o.count,
    ratePerSecond: o.rate,
    startToWorkflowTaskMs: pick(results.map((r) => r.toTask)),
    workflowTaskToResultMs: pick(results.map((r) => r.toResult)),
  };
}
