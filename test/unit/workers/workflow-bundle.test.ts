// The workflow bundle the tests run (built by the global setup with scripts/bundle-workflows.ts,
// as a worker builds it): modules preloaded once per workflow thread must really be loaded by the
// preload, and be the very modules workflow code imports, or every workflow evaluates them again.
import { readFileSync } from 'node:fs';
import { PRELOADED_MODULES } from '../../../workers/workflow-bundle';
import { testRunEnv } from '../../support/env';

const bundle = readFileSync(testRunEnv().workflowBundle, 'utf8');

/** The module ids a bundle's code requires for `name` (webpack writes `/*! name *\/ "id"`). */
function requiredIds(code: string, name: string): string[] {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...code.matchAll(new RegExp(`__webpack_require__\\((?:/\\*[^*]*\\*/ )*/\\*! ${escaped} \\*/ "([^"]+)"\\)`, 'g'))].map((m) => m[1]!);
}

describe('the workflow bundle', () => {
  const preload = /exports\.preloadModules = function preloadModules\(\) \{([\s\S]*?)\n\}/.exec(bundle)?.[1];

  it('has a preload function', () => {
    expect(preload).toBeDefined();
  });

  it.each(PRELOADED_MODULES)('loads %s in its preload, not an empty statement', (name) => {
    expect(requiredIds(preload!, name)).toHaveLength(1);
  });

  // A package can resolve to two builds (CommonJS for the preload's require, ES for an import); a file of this project is one module.
  it.each(PRELOADED_MODULES.filter((name) => !name.startsWith('.')))('has workflow code import the same %s module the preload loads', (name) => {
    const [preloaded] = requiredIds(preload!, name);
    const everywhere = new Set(requiredIds(bundle, name));
    expect([...everywhere]).toEqual([preloaded]);
  });
});
