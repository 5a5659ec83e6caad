/**
 * A phone in a browser engine, as the cross-engine flows (tests/engines/flows/) see it: open an
 * address, find a control by role and accessible name, tap it, type, press a key, read what the
 * screen says, run a script. Each engine's driver (playwright-core for Chromium, puppeteer-core
 * for Firefox, selenium-webdriver for WebKit) supplies a handful of primitives; everything a
 * flow calls is built here on top of them, once, with the same finder in every engine
 * (find-by-role.ts), so a flow is written once and means the same in all three.
 */
import { writeFileSync } from 'node:fs';
import { AXE_SOURCE, describeQuery, matchingElements, type RoleQuery } from './find-by-role';

export type Engine = 'chromium' | 'firefox' | 'webkit';
export type Key = 'Enter' | 'End' | 'Tab' | 'Escape' | 'Backspace';

/** How long a flow waits for a control or a state before it fails, on a busy 2-core machine. */
export const WAIT_MS = 30_000;
const POLL_MS = 100;

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: string[];
}

export abstract class Device<Handle = unknown> {
	abstract readonly engine: Engine;

	/** Console errors and uncaught exceptions, where the driver can report them (not WebKit's). */
	readonly errors: string[] = [];
	/** Every console message, where the driver can report them: a test checks none has a token. */
	readonly consoleLines: string[] = [];

	/** Evaluates a JavaScript expression in the page; a promise is awaited. */
	protected abstract evaluateExpression(expression: string): Promise<unknown>;
	/** Evaluates an expression whose value is an element (or null) and returns its handle. */
	protected abstract evaluateElement(expression: string): Promise<Handle | null>;
	/** A real tap on the element (scrolled into view), through the driver's input. */
	protected abstract tapElement(element: Handle): Promise<void>;
	protected abstract writeScreenshot(): Promise<Buffer>;

	abstract goto(url: string): Promise<void>;
	abstract reload(): Promise<void>;
	abstract url(): Promise<string>;
	/** Types text with key events into whatever has the focus. */
	abstract type(text: string): Promise<void>;
	abstract press(key: Key): Promise<void>;
	abstract close(): Promise<void>;

	/** Runs `fn` in the page with JSON arguments; it must not close over anything. */
	evaluate<A extends unknown[], T>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T> {
		return this.evaluateExpression(`(${fn.toString()})(...${JSON.stringify(args)})`) as Promise<T>;
	}

	async screenshot(path: string): Promise<void> {
		writeFileSync(path, await this.writeScreenshot());
	}

	private async ensureAxe(): Promise<void> {
		if ((await this.evaluateExpression('typeof window.axe')) === 'undefined') {
			await this.evaluateExpression(`(() => { ${AXE_SOURCE}\n; return 0; })()`);
		}
	}

	/**
	 * Runs `fn`, the source of a function of one element, on the element the query finds now
	 * (`null` when there is none).
	 */
	async onMatch<T>(query: RoleQuery, fn: string): Promise<T | null> {
		await this.ensureAxe();
		return (await this.evaluateExpression(
			`((element) => element ? (${fn})(element) : null)((${matchingElements.toString()})(${JSON.stringify(query)})[${query.nth ?? 0}])`
		)) as T | null;
	}

	async count(query: RoleQuery): Promise<number> {
		await this.ensureAxe();
		return (await this.evaluateExpression(
			`(${matchingElements.toString()})(${JSON.stringify(query)}).length`
		)) as number;
	}

	/** Waits until the query finds an element. */
	async waitFor(query: RoleQuery, timeout = WAIT_MS): Promise<void> {
		await this.element(query, timeout);
	}

	/** Waits until nothing matches the query. */
	async waitForGone(query: RoleQuery, timeout = WAIT_MS): Promise<void> {
		await this.until(
			() => this.count(query),
			(n) => n === 0,
			`${describeQuery(query)} to go`,
			timeout
		);
	}

	private async element(query: RoleQuery, timeout = WAIT_MS): Promise<Handle> {
		let found: Handle | null = null;
		await this.until(
			async () => {
				await this.ensureAxe();
				found = await this.evaluateElement(
					`(${matchingElements.toString()})(${JSON.stringify(query)})[${query.nth ?? 0}] ?? null`
				);
				return found;
			},
			(element) => element !== null,
			describeQuery(query),
			timeout
		);
		return found!;
	}

	/**
	 * Taps the control, finding it again when the tap fails: the notes show a preview that the
	 * editor replaces as it mounts, and a driver refuses to tap an element that just left.
	 */
	async tap(query: RoleQuery): Promise<void> {
		await this.until(
			async () => {
				await this.tapElement(await this.element(query));
				return true;
			},
			(tapped) => tapped,
			`a tap on ${describeQuery(query)}`
		);
	}

	/** Taps a text field, selects what it holds, and types `text` over it. */
	async fill(query: RoleQuery, text: string): Promise<void> {
		await this.tap(query);
		await this.evaluate(() => {
			const field = document.activeElement as HTMLInputElement | null;
			field?.select?.();
		});
		await this.type(text);
	}

	async value(query: RoleQuery): Promise<string | null> {
		return this.onMatch<string>(query, '(e) => e.value');
	}

	async text(query: RoleQuery): Promise<string | null> {
		return this.onMatch<string>(query, '(e) => e.innerText.trim()');
	}

	async innerHtml(query: RoleQuery): Promise<string | null> {
		return this.onMatch<string>(query, '(e) => e.innerHTML');
	}

	async hasFocus(query: RoleQuery): Promise<boolean> {
		return (
			(await this.onMatch<boolean>(query, '(e) => e.contains(document.activeElement)')) === true
		);
	}

	/** The text of the app bar's sync status (docs/contract.md: role="status"). */
	async statusText(): Promise<string> {
		return (await this.text({ role: 'status' })) ?? '';
	}

	async waitForStatus(pattern: RegExp, timeout = WAIT_MS): Promise<string> {
		return this.until(
			() => this.statusText(),
			(text) => pattern.test(text),
			`status ${pattern}`,
			timeout
		);
	}

	/**
	 * Reads with `read` until `accept` takes the value; fails after `timeout` with the last value
	 * seen. A read that throws (the page navigating meanwhile) counts as not yet.
	 */
	async until<T>(
		read: () => Promise<T>,
		accept: (value: T) => boolean,
		what: string,
		timeout = WAIT_MS
	): Promise<T> {
		const deadline = Date.now() + timeout;
		let last: unknown;
		for (;;) {
			try {
				const value = await read();
				if (accept(value)) return value;
				last = value;
			} catch (error) {
				last = error;
			}
			if (Date.now() > deadline) {
				const seen = last instanceof Error ? last.message : JSON.stringify(last);
				throw new Error(`${this.engine}: waited ${timeout} ms for ${what}; last saw ${seen}`);
			}
			await new Promise((resolve) => setTimeout(resolve, POLL_MS));
		}
	}

	/** axe-core's serious and critical violations on the screen as it is now. */
	async seriousAxeViolations(): Promise<AxeViolation[]> {
		await this.ensureAxe();
		const violations = (await this.evaluateExpression(`(async () => {
			const axe = window.axe;
			if (axe._tree) axe.teardown();
			const result = await axe.run(document, {
				runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }
			});
			return result.violations.map((v) => ({
				id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' '))
			}));
		})()`)) as AxeViolation[];
		return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	}
}
