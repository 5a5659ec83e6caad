/** `GET /metrics`: the relay's metrics as Prometheus scrapes them, never cached. */
import type { ServerResponse } from 'node:http';
import type { RelayMetrics } from '../metrics.ts';

export async function serveMetrics(metrics: RelayMetrics, res: ServerResponse): Promise<void> {
	const { contentType, body } = await metrics.exposition();
	res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
	res.end(body);
}
