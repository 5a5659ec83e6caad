/**
 * The relay's Prometheus metrics, in a registry of its own (several relays can run in one
 * process, as the tests do); server/http/metrics-route.ts serves them on `GET /metrics`.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type RejectReason =
	| 'bad_name'
	| 'bad_token'
	| 'other_group'
	| 'read_only'
	| 'document_too_large'
	| 'too_large'
	| 'invalid_message'
	| 'unknown_type'
	| 'rate_limit'
	| 'throttled'
	| 'work_limit'
	| 'awareness_limit'
	| 'slow_consumer'
	| 'pending_limit'
	| 'dead_connection';

export class RelayMetrics {
	readonly registry = new Registry();
	readonly connections = new Gauge({
		name: 'relay_connections',
		help: 'Open websocket connections',
		registers: [this.registry]
	});
	readonly documentsLoaded = new Gauge({
		name: 'relay_documents_loaded',
		help: 'Documents held in memory',
		registers: [this.registry]
	});
	readonly messagesReceived = new Counter({
		name: 'relay_messages_received_total',
		help: 'Websocket messages received',
		registers: [this.registry]
	});
	readonly updatesPersisted = new Counter({
		name: 'relay_updates_persisted_total',
		help: 'Document updates committed to the store',
		registers: [this.registry]
	});
	readonly persistDuration = new Histogram({
		name: 'relay_persist_duration_seconds',
		help: 'Time to commit one document update to the store',
		buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
		registers: [this.registry]
	});
	readonly rejected = new Counter<'reason'>({
		name: 'relay_rejected_total',
		help: 'Refused upgrades, messages and connections, by reason',
		labelNames: ['reason'],
		registers: [this.registry]
	});

	/** 1, labelled with which relay this is, and its store (sqlite or postgres). */
	readonly instance = new Gauge<'instance' | 'store'>({
		name: 'relay_instance_info',
		help: 'Which relay instance answers, and its store',
		labelNames: ['instance', 'store'],
		registers: [this.registry]
	});
	readonly databaseUp = new Gauge({
		name: 'relay_database_up',
		help: '1 while the store can be reached, 0 while the relay refuses writes without it',
		registers: [this.registry]
	});
	readonly remoteUpdates = new Counter({
		name: 'relay_remote_updates_total',
		help: 'Updates committed by other relays sharing the store, applied to loaded documents',
		registers: [this.registry]
	});

	reject(reason: RejectReason): void {
		this.rejected.inc({ reason });
	}

	/** The metrics in Prometheus' text format, and that format's content type. */
	async exposition(): Promise<{ contentType: string; body: string }> {
		return { contentType: this.registry.contentType, body: await this.registry.metrics() };
	}
}
