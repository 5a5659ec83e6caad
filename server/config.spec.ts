import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.ts';

describe('DATABASE_URL and RELAY_INSTANCE', () => {
	it('takes a PostgreSQL URL and refuses anything else without repeating it', () => {
		expect(resolveConfig({ databaseUrl: 'postgres://u:p@db:5432/plenary' }).databaseUrl).toBe(
			'postgres://u:p@db:5432/plenary'
		);
		expect(resolveConfig({ databaseUrl: 'postgresql://db/plenary' }).databaseUrl).toBeDefined();
		expect(resolveConfig({}).databaseUrl).toBeUndefined();
		for (const url of ['mysql://u:hunter2@db/plenary', 'db:5432', '']) {
			expect(() => resolveConfig({ databaseUrl: url })).toThrow(/invalid DATABASE_URL/);
			try {
				resolveConfig({ databaseUrl: url });
			} catch (error) {
				expect((error as Error).message).not.toContain('hunter2');
			}
		}
	});

	it('names the instance after the host and process unless told', () => {
		expect(resolveConfig({}).instanceName).toContain(String(process.pid));
		expect(resolveConfig({ instanceName: 'relay-2' }).instanceName).toBe('relay-2');
		expect(() => resolveConfig({ instanceName: 'relay 2"}' })).toThrow(/invalid instance name/);
	});
});
