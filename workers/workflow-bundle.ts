// How the workflow bundle is built, the same for a worker that bundles at start and for
// scripts/bundle-workflows.ts.
import type { BundleOptions } from '@temporalio/worker';

type WebpackConfiguration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

/**
 * Modules evaluated once per workflow thread and shared by every workflow it runs, instead of once
 * per workflow (the SDK freezes what they export). Only modules without per-workflow state:
 * - luxon: its caches hold time-zone and Intl formatters (the same answer for every workflow), and
 *   it reads the clock through the workflow's own Date. A profile of the worker, while each
 *   workflow still evaluated it, put luxon and its formatters at a fifth of the workflow thread's
 *   time.
 * - the message catalogue and its formatting (`domain/messages`: four languages' tables, a cache of
 *   parsed templates and of Intl formatters), the time helpers (`domain/time`: a cache of zone
 *   offsets) and the notices built from them (`domain/notifications`): every cache holds what a
 *   pure function returns.
 * Shared, a workflow thread held 86 MB with 770 workflows cached where it held 141 MB with 703
 * (heap snapshots in a rush: docs/ARCHITECTURE.md).
 * Paths are as the workflows directory sees them (the SDK's entry point lives there).
 */
export const PRELOADED_MODULES = ['luxon', '../domain/messages', '../domain/time', '../domain/notifications'];

/** Preloaded packages (not files of this project): these need the resolution fix below. */
const PRELOADED_PACKAGES = PRELOADED_MODULES.filter((name) => !name.startsWith('.'));

/**
 * Makes the preload above take. The SDK preloads a module with `require('luxon')`, which resolves
 * to luxon's CommonJS build, while workflow code's `import … from 'luxon'` resolves to its ES
 * build: two modules, and every workflow evaluated the second again. And luxon's package says it
 * has no side effects, so webpack dropped the preloading `require`, whose result is unused, leaving
 * `0;`. So every import of luxon resolves to the one file the preload names, and luxon counts as
 * having side effects. test/unit/workers/workflow-bundle.test.ts reads the built bundle for both.
 */
export function workflowWebpackConfig(config: WebpackConfiguration): WebpackConfiguration {
  const shared = Object.fromEntries(PRELOADED_PACKAGES.map((name) => [`${name}$`, require.resolve(name, { paths: [__dirname] })]));
  const alias = config.resolve?.alias;
  if (Array.isArray(alias)) throw new Error('the workflow bundle expects resolve.alias as an object');
  const rules = config.module?.rules ?? [];
  return {
    ...config,
    resolve: { ...config.resolve, alias: { ...alias, ...shared } },
    module: {
      ...config.module,
      rules: [...rules, ...PRELOADED_PACKAGES.map((name) => ({ test: new RegExp(`[\\\\/]node_modules[\\\\/]${name}[\\\\/]`), sideEffects: true }))],
    },
  };
}

/** What every build of the workflow bundle passes to the SDK: the preload and what makes it take, together. */
export const WORKFLOW_BUNDLER_OPTIONS = { preloadModules: PRELOADED_MODULES, webpackConfigHook: workflowWebpackConfig };
