/**
 * Before the WebKit tests: fails loudly, saying how to install what is missing (never a silent
 * skip): WebKitGTK's WebDriver and MiniBrowser, Xvfb, and Firefox ESR (the second device of the
 * convergence step), before tests/e2e/global-setup.ts builds the app.
 */
import { existsSync } from 'node:fs';
import { FIREFOX_PATH } from './firefox-device';
import { MINIBROWSER, WEBKIT_DRIVER, XVFB } from './webkit-device';

const NEEDED = [
	{ path: WEBKIT_DRIVER, what: 'WebKitGTK’s WebDriver', apt: 'webkit2gtk-driver' },
	{ path: MINIBROWSER, what: 'WebKitGTK’s MiniBrowser', apt: 'webkit2gtk-driver' },
	{ path: XVFB, what: 'Xvfb (MiniBrowser needs a display)', apt: 'xvfb' },
	{ path: FIREFOX_PATH, what: 'Firefox ESR (the second device)', apt: 'firefox-esr' }
];

export default function setup() {
	const missing = NEEDED.filter((n) => !existsSync(n.path));
	if (missing.length) {
		const packages = [...new Set(missing.map((n) => n.apt))].join(' ');
		throw new Error(
			`The WebKit tests need ${missing.map((n) => `${n.what} at ${n.path}`).join(', ')}. Install with: apt-get install -y ${packages} (bash .ci/run does this).`
		);
	}
}
