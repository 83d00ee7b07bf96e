// Preloaded into the worker by bench/morning-rush.ts (NODE_OPTIONS=--require) when
// MEMORY_SAMPLES_DIR is set: every thread of the process (the main one and each thread that runs
// workflow code) writes its V8 heap every second to <dir>/<pid>-<thread>.jsonl, and the main thread
// adds the process's resident memory, so the bench can say how much of the worker's memory is the
// main thread's heap, the workflow threads' heaps, and what is outside V8 (the SDK's Core, buffers,
// code). Only the benchmark loads it.
//
// A file named `snapshot` put in that directory makes the main thread write a heap snapshot of
// itself and of every worker thread next to it (`<pid>-<thread>.heapsnapshot`; the process pauses
// while it does), for bench/heap-summary.ts. A file, not a signal: the SDK's runtime takes SIGUSR2.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const workerThreads = require('node:worker_threads');

const { threadId, isMainThread } = workerThreads;

const dir = process.env.MEMORY_SAMPLES_DIR;
if (dir) {
  const file = path.join(dir, `${process.pid}-${threadId}.jsonl`);
  const sample = () => {
    const h = v8.getHeapStatistics();
    const line = {
      at: Date.now(),
      thread: threadId,
      heapTotal: h.total_heap_size,
      heapUsed: h.used_heap_size,
      external: h.external_memory,
    };
    if (isMainThread) line.rss = process.memoryUsage.rss();
    try {
      fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // the bench's workspace is gone: the process is on its way out
    }
  };
  setInterval(sample, 1000).unref();

  if (isMainThread) {
    // Every thread started from here on, to snapshot when asked.
    const threads = [];
    const NodeWorker = workerThreads.Worker;
    workerThreads.Worker = class extends NodeWorker {
      constructor(...args) {
        super(...args);
        threads.push(this);
      }
    };
    const trigger = path.join(dir, 'snapshot');
    setInterval(() => {
      if (!fs.existsSync(trigger)) return;
      fs.rmSync(trigger, { force: true });
      v8.writeHeapSnapshot(path.join(dir, `${process.pid}-0.heapsnapshot`));
      for (const t of threads) {
        t.getHeapSnapshot()
          .then((stream) => new Promise((resolve, reject) => stream.pipe(fs.createWriteStream(path.join(dir, `${process.pid}-${t.threadId}.heapsnapshot`))).on('finish', resolve).on('error', reject)))
          .catch(() => {}); // the thread ended
      }
    }, 1000).unref();
  }
}
