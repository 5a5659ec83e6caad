/**
 * The note-taker's flows, written once against the device interface (../device.ts) and run in
 * every engine: join a group by its invite link, make a meeting, add items and type notes in the
 * rich editor (a list with Enter, a paste), and two devices writing the same notes. Controls are
 * found by role and accessible name as docs/contract.md names them ("Names on screen").
 */
import { expect } from 'vitest';
import type { Device } from '../device';

export const NOTES = { role: 'textbox', name: 'Notes' } as const;
export const TITLE = { role: 'textbox', name: 'Title', exact: true } as const;
export const ITEM_TITLE = { role: 'textbox', name: 'Agenda item title' } as const;
const MEETINGS_HEADING = { role: 'heading', name: 'Meetings' } as const;

/** Console messages an engine prints when a relay cannot be reached: expected while cut off. */
export const isUnreachableRelay = (message: string) =>
	/WebSocket|establish a connection|was interrupted while the page was loading|Failed to load resource|NetworkError|ERR_/i.test(
		message
	);

/** Opens an invite link, gives a name and joins; the token leaves the address bar. */
export async function joinByInvite(device: Device, link: string, name: string) {
	await device.goto(link);
	await device.waitFor({ role: 'heading', name: 'Join a group' });
	const token = link.split('#')[1];
	expect(await device.url(), 'the token left the address bar').not.toContain(token);
	expect(await device.seriousAxeViolations(), 'axe on the join screen').toEqual([]);
	await device.fill({ role: 'textbox', name: 'Your name' }, name);
	await device.tap({ role: 'button', name: 'Join' });
	await device.waitFor(MEETINGS_HEADING);
	await device.waitForStatus(/up to date/i);
	expect(await device.seriousAxeViolations(), 'axe on the meetings list').toEqual([]);
}

/** The group and meeting ids of the meeting open now (`/meeting/<groupId>/<meetingId>`). */
export async function openMeetingIds(device: Device) {
	const [, , groupId, meetingId] = new URL(await device.url()).pathname.split('/');
	return { groupId, meetingId };
}

/**
 * Pastes as a clipboard does: a paste event carrying both HTML and plain text (what the editor
 * makes of it is the engine's own parsing of the HTML; the system clipboard is not involved).
 */
export async function paste(device: Device, html: string, text: string) {
	await device.evaluate(
		(html, text) => {
			const data = new DataTransfer();
			data.setData('text/html', html);
			data.setData('text/plain', text);
			const event = new ClipboardEvent('paste', {
				clipboardData: data,
				bubbles: true,
				cancelable: true
			});
			// Firefox gives a page-made paste event an empty clipboard of its own; the editor then
			// reads this one, as it reads a real paste's.
			if (!event.clipboardData?.types.length) {
				Object.defineProperty(event, 'clipboardData', { value: data });
			}
			document.activeElement!.dispatchEvent(event);
		},
		html,
		text
	);
}

/** The notes of the n-th item as HTML, without remote cursors and ProseMirror's helpers. */
export async function notesHtml(device: Device, nth = 0): Promise<string> {
	const html =
		(await device.onMatch<string>(
			{ ...NOTES, nth },
			`(element) => {
				const copy = element.cloneNode(true);
				copy.querySelectorAll('.ProseMirror-yjs-cursor, .ProseMirror-trailingBreak, .ProseMirror-separator').forEach((n) => n.remove());
				return copy.innerHTML.replace(/ class="[^"]*"/g, '');
			}`
		)) ?? '';
	return html;
}

/** Taps an item's notes and waits until its editor (mounted near the screen) has the focus. */
export async function focusNotes(device: Device, nth = 0) {
	await device.tap({ ...NOTES, nth });
	await device.until(
		() => device.evaluate(() => !!document.activeElement?.classList.contains('ProseMirror')),
		(isFocused) => isFocused,
		'the notes editor to take the focus'
	);
}

/** Puts the caret at the very end of the focused notes. */
export async function caretToEnd(device: Device) {
	await device.evaluate(() => {
		const editor = document.activeElement!;
		const range = document.createRange();
		range.selectNodeContents(editor.lastElementChild ?? editor);
		range.collapse(false);
		const selection = getSelection()!;
		selection.removeAllRanges();
		selection.addRange(range);
	});
}

/**
 * "New meeting", a title, two agenda items, and notes on the first: a list of two points
 * (Enter continues it, Enter twice leaves it), then a pasted paragraph with bold.
 */
export async function takeNotes(device: Device, title: string) {
	await device.tap({ role: 'button', name: 'New meeting' });
	await device.waitFor(TITLE);
	await device.fill(TITLE, title);
	for (const item of ['Budget', 'Repairs']) {
		await device.tap({ role: 'button', name: 'Add agenda item' });
		await device.until(
			() => device.count(ITEM_TITLE),
			(n) => n === (item === 'Budget' ? 1 : 2),
			`agenda item "${item}"`
		);
		// The new item's title has the focus.
		await device.type(item);
	}
	await device.until(
		async () => [await device.value(ITEM_TITLE), await device.value({ ...ITEM_TITLE, nth: 1 })],
		(titles) => titles.join() === 'Budget,Repairs',
		'the item titles'
	);
	await focusNotes(device, 0);
	await device.type('- first point');
	await device.press('Enter');
	await device.type('second point');
	await device.press('Enter');
	await device.press('Enter');
	await paste(device, '<p>Pasted <strong>bold</strong> words</p>', 'Pasted bold words');
	await device.until(
		() => notesHtml(device),
		(html) =>
			html ===
			'<ul><li><p>first point</p></li><li><p>second point</p></li></ul>' +
				'<p>Pasted <strong>bold</strong> words</p>',
		'the notes as typed and pasted'
	);
	expect(await device.value(TITLE)).toBe(title);
	expect(await hasHorizontalScroll(device), 'the meeting screen wider than the phone').toBe(false);
	expect(await device.seriousAxeViolations(), 'axe on the meeting screen').toEqual([]);
	return openMeetingIds(device);
}

export function hasHorizontalScroll(device: Device): Promise<boolean> {
	return device.evaluate(
		() => document.documentElement.scrollWidth > document.documentElement.clientWidth
	);
}

/** From the meetings list, opens the meeting by its link and waits for its notes. */
export async function openMeeting(device: Device, title: string) {
	await device.tap({ role: 'link', name: title });
	await device.until(
		() => device.value(TITLE),
		(value) => value === title,
		`meeting "${title}"`
	);
	await device.waitFor(NOTES);
}

/** Types `words` at the end of the first item's notes. */
export async function appendToNotes(device: Device, words: string) {
	await focusNotes(device, 0);
	await caretToEnd(device);
	await device.type(words);
}

export async function notesText(device: Device, nth = 0): Promise<string> {
	return (await device.text({ ...NOTES, nth })) ?? '';
}

export function countWord(text: string, word: string) {
	return text.split(/\W+/).filter((w) => w === word).length;
}
