// How the workflow bundle is built, the same for a worker that bundles at start and for
// scripts/bundle-workflows.ts. Outside the bundle: it is read by the worker, never by workflows.

/**
 * Modules evaluated once per workflow thread and shared by every workflow it runs, instead of once
 * per workflow. Only modules without per-workflow state: luxon's caches hold time-zone and Intl
 * formatters (the same answer for every workflow), and it reads the clock through the workflow's
 * own Date. Measured with `npm run bench:punch`: re-evaluating luxon and re-creating its formatters
 * for every punch was a fifth of the workflow thread's time.
 */
export const PRELOADED_MODULES = ['luxon'];
