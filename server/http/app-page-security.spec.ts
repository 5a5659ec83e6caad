import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appPageSecurity, inlineScriptHashes } from './app-page-security.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');

describe('app page security', () => {
	it('hashes inline scripts as the browser does, and no script with a src', () => {
		const html =
			'<script src="/a.js"></script><script type="module">\r\n\tstart();\r\n</script>' +
			'<SCRIPT>one()</SCRIPT ><script>one()</script>';
		expect(inlineScriptHashes(html)).toEqual([sha256('\n\tstart();\n'), sha256('one()')]);
	});

	it('allows no inline script but the page’s own, and no framing', () => {
		const headers = appPageSecurity('<script>boot()</script>');
		const policy = headers['Content-Security-Policy'];
		expect(policy).toContain(`script-src 'self' 'sha256-${sha256('boot()')}';`);
		expect(policy).toContain("frame-ancestors 'none'");
		expect(policy).toContain("object-src 'none'");
		expect(policy).not.toMatch(/script-src[^;]*'unsafe/);
		expect(appPageSecurity('<p>none</p>')['Content-Security-Policy']).toContain(
			"script-src 'self';"
		);
		expect(headers['X-Content-Type-Options']).toBe('nosniff');
		expect(headers['Referrer-Policy']).toBe('no-referrer');
	});
});
