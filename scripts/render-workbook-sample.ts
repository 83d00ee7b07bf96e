// `npx tsx scripts/render-workbook-sample.ts` — renders the sample month (the one the workbook
// test reads back) to PNG for the README: the workbook goes through LibreOffice to PDF, and the
// Summary and Daily grid pages become docs/images/month-workbook-{summary,grid}.png. Needs
// `soffice` (libreoffice-calc-nogui), `pdftoppm` (poppler-utils) and, for the Chinese to show
// and the columns to fit as in Excel, a CJK font and Calibri's metrics (fonts-wqy-microhei,
// fonts-crosextra-carlito).
import { execFileSync } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { writeMonthWorkbook } from '../services/exports/month-workbook';
import { sampleMonthReport } from '../test/support/sample-month';

async function main() {
  const root = path.resolve(__dirname, '..');
  const work = mkdtempSync(path.join(os.tmpdir(), 'workbook-sample-'));
  try {
    const xlsx = path.join(work, 'month.xlsx');
    const output = createWriteStream(xlsx);
    await writeMonthWorkbook(sampleMonthReport(), output);
    await finished(output);
    execFileSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', work, xlsx], { stdio: 'ignore', timeout: 120_000 });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '2', path.join(work, 'month.pdf'), path.join(work, 'page')]);
    const images = path.join(root, 'docs/images');
    mkdirSync(images, { recursive: true });
    // pdftoppm pads page numbers to the document's page count: page-1.png or page-01.png.
    const pages = readdirSync(work).filter((file) => /^page-\d+\.png$/.test(file)).sort();
    copyFileSync(path.join(work, pages[0]!), path.join(images, 'month-workbook-summary.png'));
    copyFileSync(path.join(work, pages[1]!), path.join(images, 'month-workbook-grid.png'));
    console.log(`wrote ${path.join(images, 'month-workbook-summary.png')} and month-workbook-grid.png`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
