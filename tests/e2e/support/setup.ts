/**
 * Runs in every browser test file: each test gets a fresh flight record, printed when it fails
 * (a timeout included), so a failure in CI says where the test was and what the app did.
 */
import { beforeEach } from 'vitest';
import { report, startRecord } from './flight-recorder';

beforeEach(({ onTestFailed }) => {
	startRecord();
	onTestFailed(() => console.error(report()));
});
