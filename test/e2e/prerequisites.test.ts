// The browser tests never skip: without Chromium or the built panel they fail, saying what to do.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertPrerequisites, CHROMIUM, PANEL_DIR } from './browser';

const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-prerequisites-'));
const builtPanel = path.join(dir, 'dist');
mkdirSync(builtPanel);
writeFileSync(path.join(builtPanel, 'index.html'), '<!doctype html>');

test('When Chromium is not installed, then the browser tests fail with the apt-get command that installs it', () => {
  expect(() => assertPrerequisites({ chromium: path.join(dir, 'no-chromium'), panelDir: builtPanel })).toThrow(
    `Chromium is missing at ${path.join(dir, 'no-chromium')}: install it with "apt-get install -y chromium"`,
  );
});

test('When the panel has not been built, then the browser tests fail naming npm run panel:build', () => {
  expect(() => assertPrerequisites({ chromium: process.execPath, panelDir: path.join(dir, 'empty') })).toThrow(
    `The panel is not built (${path.join(dir, 'empty')}/index.html is missing): run "npm run panel:build".`,
  );
});

test('When both are there, then the check passes (as it does on this machine, where the suite runs them)', () => {
  expect(() => assertPrerequisites({ chromium: process.execPath, panelDir: builtPanel })).not.toThrow();
  expect(() => assertPrerequisites({ chromium: CHROMIUM, panelDir: PANEL_DIR })).not.toThrow();
});
