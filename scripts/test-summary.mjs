// Prints jest's JSON result as the closing line CI reads: "N passed, N failed[, N skipped]".
import fs from 'node:fs';

try {
  const r = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  const skipped = r.numPendingTests ? `, ${r.numPendingTests} skipped` : '';
  console.log(`${r.numPassedTests} passed, ${failed} failed${skipped}`);
} catch {
  console.log('0 passed, 1 failed');
}
