/** What each access role lets a person do, in the words the screens use (docs/sharing.md). */
import type { AccessRole } from '$lib/protocol/token-format';

export interface RoleWords {
	/** e.g. "Edit" */
	label: string;
	/** what someone joining with it may do, in plain words */
	can: string;
}

export const ROLE_WORDS: Record<AccessRole, RoleWords> = {
	edit: {
		label: 'Edit',
		can: 'Can write and change the minutes, start meetings, comment and share the group’s links.'
	},
	comment: {
		label: 'Comment',
		can: 'Can read the minutes and add comments, but cannot change the minutes.'
	},
	view: {
		label: 'View',
		can: 'Can read the minutes, nothing more.'
	}
};

/** What the screen says a person may do here, e.g. "You can only view these minutes." */
export function roleNotice(role: AccessRole): string {
	if (role === 'view') return 'You can only view these minutes.';
	if (role === 'comment') return 'You can comment on these minutes, but not change them.';
	return 'You can edit these minutes.';
}

/** e.g. "you can comment", inside a sentence. */
export function youCan(role: AccessRole): string {
	return role === 'edit' ? 'you can edit' : role === 'comment' ? 'you can comment' : 'you can view';
}

/** The line under a group's name, e.g. "You can comment (not edit)". */
export function roleLine(role: AccessRole): string {
	return role === 'edit'
		? 'You can edit'
		: role === 'comment'
			? 'You can comment (not edit)'
			: 'You can view';
}
