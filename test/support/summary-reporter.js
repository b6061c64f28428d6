// Prints one plain closing line, "jest: N passed, N failed, N skipped", after
// Jest's own summary, so tools that read only the last line of a test run
// see the counts.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + failedSuites;
    console.log(`jest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
  }
}

module.exports = SummaryReporter;
