import { expect, onTestFinished, test, vi } from 'vitest';
import { announceMeetingsChange, onMeetingsChange, type MeetingsChange } from './meetings-events';

function listen(): MeetingsChange[] {
	const heard: MeetingsChange[] = [];
	onTestFinished(onMeetingsChange((change) => heard.push(change)));
	return heard;
}

test('a change of this tab reaches every listener at once, even past one that throws', () => {
	const error = vi.spyOn(console, 'error').mockImplementation(() => {});
	onTestFinished(
		onMeetingsChange(() => {
			throw new Error('listener bug');
		})
	);
	const heard = listen();
	announceMeetingsChange('plenary', ['group-a', 'group-a', 'group-b']);
	expect(heard).toEqual([{ database: 'plenary', groupIds: ['group-a', 'group-b'] }]);
	expect(error).toHaveBeenCalled();
	announceMeetingsChange('plenary', []);
	expect(heard).toHaveLength(1);
});

test('a change announced by another tab arrives over the BroadcastChannel; other messages do not', async () => {
	const heard = listen();
	const otherTab = new BroadcastChannel('plenary-meetings');
	onTestFinished(() => otherTab.close());
	otherTab.postMessage({ hello: true });
	otherTab.postMessage({ database: 'plenary', groupIds: [42] });
	otherTab.postMessage({ database: 'plenary', groupIds: ['group-c'] });
	await vi.waitFor(() => expect(heard).toEqual([{ database: 'plenary', groupIds: ['group-c'] }]));
});

test('this tab’s change is posted to the other tabs', async () => {
	const otherTab = new BroadcastChannel('plenary-meetings');
	onTestFinished(() => otherTab.close());
	const received: unknown[] = [];
	otherTab.onmessage = (event) => received.push(event.data);
	announceMeetingsChange('plenary', ['group-d']);
	await vi.waitFor(() =>
		expect(received).toEqual([{ database: 'plenary', groupIds: ['group-d'] }])
	);
});

test('an unsubscribed listener hears nothing more', () => {
	const heard: MeetingsChange[] = [];
	const stop = onMeetingsChange((change) => heard.push(change));
	stop();
	announceMeetingsChange('plenary', ['group-e']);
	expect(heard).toEqual([]);
});
