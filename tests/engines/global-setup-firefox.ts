/**
 * Before the Firefox tests: fails loudly, saying how to install it, when Firefox ESR is missing
 * (never a silent skip), before tests/e2e/global-setup.ts builds the app.
 */
import { existsSync } from 'node:fs';
import { FIREFOX_PATH } from './firefox-device';

export default function setup() {
	if (!existsSync(FIREFOX_PATH)) {
		throw new Error(
			`The Firefox tests need Firefox ESR at ${FIREFOX_PATH}. Install it with: apt-get install -y firefox-esr (bash .ci/run does this).`
		);
	}
}
