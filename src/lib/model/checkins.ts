/**
 * "I'm here": check-ins in the floor document's `checkins` map (floor.ts), one per device:
 *
 *   checkins: Y.Map<deviceId, { name: string, at: ISO time }>
 *
 * A device checks in under the name it shows; checking in again (another name) replaces its own
 * entry, and withdrawing removes it. Names are compared as `sameName` does (case, spaces and
 * Unicode form aside), so "Ann  Lee" and "ann lee" are one person.
 */
import type * as Y from 'yjs';
import { floorRoots, stampFloor } from './floor';
import { transact } from './schema';

/** The longest name kept; longer is cut. */
export const MAX_NAME_LENGTH = 80;

export interface CheckIn {
	device: string;
	name: string;
	/** ISO time the device says it checked in; '' when unreadable. */
	at: string;
}

/** The form two names are compared in: trimmed, spaces collapsed, NFC, lower case. */
export function nameKey(name: string): string {
	return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

/** A name as written into a document: trimmed, spaces collapsed, at most MAX_NAME_LENGTH. */
export function cleanName(name: string): string {
	return name.normalize('NFC').trim().replace(/\s+/g, ' ').slice(0, MAX_NAME_LENGTH).trim();
}

function checkDevice(device: string): void {
	if (!/^[A-Za-z0-9_-]{8,64}$/.test(device)) throw new RangeError('device: 8–64 id characters');
}

/** This device checks in as `name` (replacing its earlier check-in). */
export function checkIn(
	doc: Y.Doc,
	input: { device: string; name: string; at?: Date },
	origin?: unknown
): void {
	checkDevice(input.device);
	const name = cleanName(input.name);
	if (!name) throw new RangeError('name: give the name to check in under');
	const at = (input.at ?? new Date()).toISOString();
	transact(doc, origin, () => {
		stampFloor(doc);
		floorRoots(doc).checkins.set(input.device, { name, at });
	});
}

/** This device's check-in is withdrawn; false when it had none. */
export function withdrawCheckIn(doc: Y.Doc, device: string, origin?: unknown): boolean {
	const checkins = floorRoots(doc).checkins;
	if (!checkins.has(device)) return false;
	transact(doc, origin, () => checkins.delete(device));
	return true;
}

function readEntry(device: string, value: unknown): CheckIn | null {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
	const o = value as Record<string, unknown>;
	if (typeof o.name !== 'string') return null;
	const name = cleanName(o.name);
	if (!name) return null;
	const at = typeof o.at === 'string' && !Number.isNaN(Date.parse(o.at)) ? o.at : '';
	return { device, name, at };
}

/** Every readable check-in, earliest first (then by name). */
export function readCheckIns(doc: Y.Doc): CheckIn[] {
	const out: CheckIn[] = [];
	floorRoots(doc).checkins.forEach((value, device) => {
		const entry = readEntry(device, value);
		if (entry) out.push(entry);
	});
	return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.name < b.name ? -1 : 1));
}

/** This device's check-in, or null. */
export function checkInOf(doc: Y.Doc, device: string): CheckIn | null {
	return readEntry(device, floorRoots(doc).checkins.get(device));
}

/** The people checked in, one per name (the earliest check-in under each name). */
export function checkedInNames(doc: Y.Doc): CheckIn[] {
	const seen = new Set<string>();
	return readCheckIns(doc).filter((c) => {
		const key = nameKey(c.name);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
