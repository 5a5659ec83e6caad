/**
 * The slow-consumer bound of one connection: a reader whose unsent output would pass
 * `maxBufferedBytes` is closed (1013) rather than skipped.
 *
 * The answer to a sync step 1 carries everything the reader lacks, on a first sync the whole
 * document, in one message, and a document may be larger than the bound. So one such answer is
 * allowed over it: while it waits in the buffer, the bound is raised by its size. Once the
 * buffer is back under the bound, the allowance is gone. A reader that does not read keeps the
 * answer in the buffer, so the other messages still fill the bound and it is still closed; at
 * most `maxBufferedBytes` plus one answer ever waits for it.
 */
export class OutgoingBound {
	private allowance = 0;

	constructor(private readonly maxBufferedBytes: number) {}

	/**
	 * Whether a message of `bytes` may be queued behind `buffered` unsent bytes. `isStateAnswer`:
	 * the answer to a sync step 1, allowed over the bound when no other one is.
	 */
	mayQueue(buffered: number, bytes: number, isStateAnswer = false): boolean {
		if (buffered <= this.maxBufferedBytes) this.allowance = 0;
		if (isStateAnswer && this.allowance === 0) {
			this.allowance = bytes;
			return true;
		}
		return buffered + bytes <= this.maxBufferedBytes + this.allowance;
	}
}
