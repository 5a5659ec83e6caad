import { expect, test } from 'vitest';
import { ROLE_WORDS, roleNotice, youCan } from './role-words';

test('each role says what it may do', () => {
	expect(roleNotice('view')).toBe('You can only view these minutes.');
	expect(roleNotice('comment')).toMatch(/comment.*not change/);
	expect(roleNotice('edit')).toMatch(/edit/);
	expect(youCan('comment')).toBe('you can comment');
	expect(Object.keys(ROLE_WORDS)).toEqual(['edit', 'comment', 'view']);
});
