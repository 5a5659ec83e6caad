/**
 * A cheap running upper bound of a document's encoded size (`Y.encodeStateAsUpdate(doc).length`),
 * so that the relay can refuse an update before applying it without encoding the whole document
 * on every update (which would cost what the document costs, not what the update costs).
 *
 *   bound = size at the last measurement + growth bound of every update applied since
 *
 * An update does not grow the encoded state by at most its own bytes: applying it can split
 * items the document already holds, and each split adds a struct with its own header (origin,
 * right origin, length). Deleting every other character of a long text, one delete range each,
 * grew the state 6.5 times the update's bytes (document-size.spec.ts shows it). Each struct
 * splits at most two items (at its origin and its right origin) and each delete range at most
 * two (at its start and its end), and a split piece costs at most `SPLIT_BYTES`, so:
 *
 *   growth ≤ update bytes + 2 × SPLIT_BYTES × (structs + delete ranges)
 *
 * Structs whose dependencies are missing wait in Yjs's pending store; `encodeStateAsUpdate`
 * includes them, and so does this bound.
 *
 * The bound holds for documents with garbage collection on (`new Y.Doc()`, as the room's):
 * deleted content is then dropped. With `gc: false` deleted items keep their content, and a
 * crafted six-byte deletion (a map key over an array that 50 clients wrote into, interleaved)
 * grew the state by 27 KB; document-size.spec.ts pins that a room's document collects garbage.
 *
 * When the bound would pass a limit, the document is measured again (once the updates applied
 * since could have made a difference), at most once per `MEASURE_SPACING` times the last
 * measurement's duration: encoding a 12 MB document of 800,000 structs takes about 0.7 s, so a
 * writer who keeps a document at its limit cannot make the relay encode it over and over.
 */
import * as Y from 'yjs';

/**
 * A split piece: an info byte, origin and right origin (client and clock up to 2^53, 8 bytes
 * each as varuints), a length (8): 41 bytes, and room for the delete set's own range.
 */
export const SPLIT_BYTES = 48;

/** A measurement may use at most one part in MEASURE_SPACING of the room's time. */
const MEASURE_SPACING = 10;

/** The most an update of `bytes` holding `pieces` structs and delete ranges can add. */
export function growthBound(bytes: number, pieces: number): number {
	return bytes + 2 * SPLIT_BYTES * pieces;
}

/** Structs plus delete ranges of an update (`pieces` of a decoded message). */
export function countPieces(update: Uint8Array): number {
	const { structs, ds } = Y.decodeUpdate(update);
	let pieces = structs.length;
	for (const ranges of ds.clients.values()) pieces += ranges.length;
	return pieces;
}

export class DocumentSize {
	/** Encoded size at the last measurement; undefined until the first. */
	private measured: number | undefined;
	/** Growth bound of everything applied since. */
	private added = 0;
	private nextMeasurementAt = 0;

	constructor(
		private readonly doc: Y.Doc,
		private readonly now: () => number = () => performance.now()
	) {}

	/** An upper bound of the encoded size; measures first when there was no measurement yet. */
	get bound(): number {
		if (this.measured === undefined) this.measure();
		return this.measured! + this.added;
	}

	/**
	 * Whether `growth` more bytes surely keep the document within `limit`. When the running bound
	 * says no, the document is measured again if that may change the answer and the spacing of
	 * measurements allows it (`mayMeasureNow`: whatever the spacing, for the relay's own writes).
	 */
	fits(growth: number, limit: number, { mayMeasureNow = false } = {}): boolean {
		if (this.bound + growth <= limit) return true;
		if (this.added === 0) return false;
		if (!mayMeasureNow && this.now() < this.nextMeasurementAt) return false;
		this.measure();
		return this.measured! + growth <= limit;
	}

	/** Counts an applied update's growth bound. */
	grow(growth: number): void {
		this.added += growth;
	}

	/** The document was just encoded whole (e.g. by a compaction): its size is known for free. */
	set(bytes: number): void {
		this.measured = bytes;
		this.added = 0;
	}

	private measure(): void {
		const start = this.now();
		this.set(Y.encodeStateAsUpdate(this.doc).length);
		const end = this.now();
		this.nextMeasurementAt = end + MEASURE_SPACING * (end - start);
	}
}
