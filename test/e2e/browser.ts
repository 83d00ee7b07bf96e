// The browser for the panel's end-to-end tests: Debian's Chromium driven by playwright-core, one
// context and page per test with its console errors collected (and asserted empty when the test
// ends), and full-page screenshots saved as artifacts.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { eventually } from '../support/stack';

export const CHROMIUM = '/usr/bin/chromium';
export const PANEL_DIR = path.resolve(__dirname, '../../admin-ui/dist');
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-artifacts/screenshots');

export const ADMIN_VIEWPORT = { width: 1366, height: 860 };
export const MINI_APP_VIEWPORT = { width: 390, height: 844 };

/** Fails (never skips) when the browser or the built panel is missing, saying how to get it. */
export function assertPrerequisites(where: { chromium: string; panelDir: string } = { chromium: CHROMIUM, panelDir: PANEL_DIR }): void {
  if (!existsSync(where.chromium)) {
    throw new Error(`Chromium is missing at ${where.chromium}: install it with "apt-get install -y chromium" (the browser tests need it).`);
  }
  if (!existsSync(path.join(where.panelDir, 'index.html'))) {
    throw new Error(`The panel is not built (${where.panelDir}/index.html is missing): run "npm run panel:build".`);
  }
}

export async function launchBrowser(): Promise<Browser> {
  assertPrerequisites();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

interface Tracked {
  context: BrowserContext;
  page: Page;
  errors: string[];
  allowed: RegExp[];
}

/**
 * The pages of one test. `open` gives a fresh context (its own cookies) and page; `finish` closes
 * them all and throws when any page logged a console error (or threw) that was not expected.
 */
export class Pages {
  private tracked: Tracked[] = [];

  constructor(private readonly browser: Browser) {}

  async open(options: { viewport?: { width: number; height: number }; acceptDownloads?: boolean; isMobile?: boolean } = {}): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: options.viewport ?? ADMIN_VIEWPORT,
      acceptDownloads: options.acceptDownloads ?? false,
      isMobile: options.isMobile,
      hasTouch: options.isMobile,
      locale: 'en-US',
    });
    const page = await context.newPage();
    const entry: Tracked = { context, page, errors: [], allowed: [] };
    page.on('console', (msg) => {
      if (msg.type() === 'error') entry.errors.push(`console: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => entry.errors.push(`page error: ${err.message}`));
    this.tracked.push(entry);
    return page;
  }

  /** A console error this test causes on purpose (e.g. the 401 of a used link, a 422 refusal). */
  allow(page: Page, pattern: RegExp): void {
    const entry = this.tracked.find((t) => t.page === page);
    if (!entry) throw new Error('not a page of this test');
    entry.allowed.push(pattern);
  }

  /** Console errors so far of every page, minus the expected ones. */
  unexpectedErrors(): string[] {
    return this.tracked.flatMap((t) => t.errors.filter((e) => !t.allowed.some((a) => a.test(e))));
  }

  async finish(): Promise<void> {
    const errors = this.unexpectedErrors();
    const all = this.tracked;
    this.tracked = [];
    await Promise.all(all.map((t) => t.context.close().catch(() => undefined)));
    if (errors.length) throw new Error(`the page logged console errors:\n${errors.join('\n')}`);
  }
}

/** Saves a full-page PNG to test-artifacts/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Polls until the check passes (returns a truthy value) or the time is up; never a fixed sleep. */
export function until<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  return eventually(async () => check(), timeoutMs, what);
}

/** A data-testid selector. */
export const tid = (id: string) => `[data-testid="${id}"]`;
