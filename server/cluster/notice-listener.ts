/**
 * One connection of its own (outside the pool, which hands connections around) that LISTENs to
 * the notices of relays sharing the database (storage/postgres-notices.ts), and says whether
 * the database can be reached.
 *
 * - `start` connects and listens, or rejects: a relay does not start without its database.
 * - The connection is checked every `checkMs` (a query that must answer within that time), so
 *   a database that went away is noticed even when no socket error says so.
 * - When the connection is lost, it is opened again at once; when that fails, `onDown` fires,
 *   and it is tried again every `retryMs` until it works; then `onUp` fires. `onUp` also fires
 *   after a reconnection that worked at once: notices sent while no connection listened are
 *   never delivered, so the caller catches up from the store either way.
 * - What `onNotice`, `onDown` and `onUp` throw is logged and otherwise ignored.
 */
import pg from 'pg';
import type { Logger } from '../log.ts';
import {
	AWARENESS_CHANNEL,
	GROUPS_CHANNEL,
	parseNotice,
	UPDATES_CHANNEL,
	type Notice
} from '../storage/postgres-notices.ts';

export interface NoticeListenerOptions {
	url: string;
	logger: Logger;
	onNotice(notice: Notice): void;
	/** The database cannot be reached. */
	onDown(): void;
	/** Listening again after the connection was lost: notices may have been missed. */
	onUp(): void;
	checkMs?: number;
	retryMs?: number;
}

export class NoticeListener {
	private client: pg.Client | null = null;
	private isClosed = false;
	private isReconnecting = false;
	private checkTimer: NodeJS.Timeout | undefined;
	private retryTimer: NodeJS.Timeout | undefined;
	/** Whether the database answered the last time it was asked. */
	isUp = false;

	constructor(private readonly options: NoticeListenerOptions) {}

	async start(): Promise<void> {
		await this.connect();
		const checkMs = this.options.checkMs ?? 2_000;
		this.checkTimer = setInterval(() => void this.check(checkMs), checkMs);
		this.checkTimer.unref();
	}

	async close(): Promise<void> {
		this.isClosed = true;
		clearInterval(this.checkTimer);
		clearTimeout(this.retryTimer);
		const client = this.client;
		this.client = null;
		await client?.end().catch(() => {});
	}

	private async connect(): Promise<void> {
		const client = new pg.Client({
			connectionString: this.options.url,
			keepAlive: true,
			connectionTimeoutMillis: 5_000,
			application_name: 'plenary-relay notices'
		});
		client.on('error', (error) => this.lost(client, error));
		client.on('end', () => this.lost(client));
		client.on('notification', ({ channel, payload }) => {
			const notice = parseNotice(channel, payload);
			if (!notice) {
				this.options.logger.warn('notice_unreadable', { channel });
				return;
			}
			this.call('onNotice', notice);
		});
		try {
			await client.connect();
			await client.query(
				`LISTEN ${UPDATES_CHANNEL}; LISTEN ${AWARENESS_CHANNEL}; LISTEN ${GROUPS_CHANNEL}`
			);
		} catch (error) {
			client.removeAllListeners('end');
			client.on('error', () => {});
			await client.end().catch(() => {});
			throw error;
		}
		if (this.isClosed) {
			await client.end().catch(() => {});
			return;
		}
		this.client = client;
		this.isUp = true;
	}

	private async check(timeoutMs: number): Promise<void> {
		const client = this.client;
		if (!client || this.isReconnecting) return;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('database check timed out')), timeoutMs);
		});
		try {
			await Promise.race([client.query('SELECT 1'), timeout]);
		} catch (error) {
			this.lost(client, error);
		} finally {
			clearTimeout(timer);
		}
	}

	private lost(client: pg.Client, error?: unknown): void {
		if (this.isClosed || client !== this.client) return;
		this.client = null;
		client.removeAllListeners('end');
		client.on('error', () => {});
		client.end().catch(() => {});
		this.options.logger.warn('database_listener_lost', { error });
		void this.reconnect();
	}

	private async reconnect(): Promise<void> {
		if (this.isReconnecting || this.isClosed) return;
		this.isReconnecting = true;
		let wasDown = false;
		const retryMs = this.options.retryMs ?? 500;
		for (;;) {
			try {
				await this.connect();
				break;
			} catch (error) {
				if (this.isClosed) return;
				if (!wasDown) {
					wasDown = true;
					this.isUp = false;
					this.options.logger.error('database_unavailable', { error });
					this.call('onDown');
				}
				await new Promise((resolve) => (this.retryTimer = setTimeout(resolve, retryMs)));
				if (this.isClosed) return;
			}
		}
		this.isReconnecting = false;
		if (this.isClosed) return;
		this.options.logger.info('database_listener_back', { wasDown });
		this.call('onUp');
	}

	private call<K extends 'onNotice' | 'onDown' | 'onUp'>(
		hook: K,
		...args: Parameters<NoticeListenerOptions[K]>
	): void {
		try {
			(this.options[hook] as (...values: typeof args) => void)(...args);
		} catch (error) {
			this.options.logger.error('notice_hook_failed', { hook, error });
		}
	}
}
