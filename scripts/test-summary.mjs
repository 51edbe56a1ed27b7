// Prints the one line CI reads: `tests: N passed, N failed`, summed over every vitest project.
// A missing report means the run stopped before the tests (build, typecheck or lint failed): one failure.
import { existsSync, readFileSync } from 'node:fs';

const reportPath = new URL('../test-results/vitest.json', import.meta.url);
if (!existsSync(reportPath)) {
  console.log('tests: 0 passed, 1 failed');
  process.exit(0);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
// A test file that fails to load has no tests of its own; count it as a failure so it cannot hide.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
).length;
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
