/**
 * Websocket close codes of the relay (docs/contract.md). The 44xx range means "this token may
 * not use this document any more": the app stops reconnecting and says so.
 */

/** The relay is stopping. */
export const CLOSE_GOING_AWAY = 1001;
/** A text frame or an unknown message type. */
export const CLOSE_UNSUPPORTED = 1003;
/** A frame that does not decode. */
export const CLOSE_INVALID = 1007;
/** Over a rate limit, awareness too large or too fast, too much waiting while loading. */
export const CLOSE_POLICY = 1008;
/** A frame over the relay's size limit (`ws` closes with it; the app stops re-sending). */
export const CLOSE_TOO_LARGE = 1009;
/** The document's storage failed: every connection is closed and the room unloaded. */
export const CLOSE_INTERNAL_ERROR = 1011;
/** A reader too slow to take what is sent to it. */
export const CLOSE_TRY_AGAIN = 1013;
/** The group's links were rotated: the token is of an earlier generation. */
export const CLOSE_TOKEN_REVOKED = 4401;

/** Whether a close code says the token no longer gives access (4400–4499). */
export function isAccessRefusal(code: number): boolean {
	return code >= 4400 && code < 4500;
}
