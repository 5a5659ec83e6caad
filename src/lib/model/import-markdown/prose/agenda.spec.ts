import { describe, expect, it } from 'vitest';
import { numberedItemTitle, partLetter, sectionLabel } from './agenda';

describe('agenda labels in headings', () => {
	it('reads "Item 3:" as a number, which is derived', () => {
		expect(numberedItemTitle('Item 3: Budget')).toBe('Budget');
		expect(numberedItemTitle('Agenda item 12 – Rent')).toBe('Rent');
		expect(numberedItemTitle('Items to buy')).toBeNull();
	});

	it('reads section labels that are not numbers', () => {
		expect(sectionLabel('A) Theory')).toEqual({ letter: 'A', label: 'A)', title: 'Theory' });
		expect(sectionLabel('Part B: Practice')).toEqual({
			letter: 'B',
			label: 'Part B:',
			title: 'Practice'
		});
		expect(sectionLabel('Section C – Games')).toMatchObject({ letter: 'C', title: 'Games' });
		expect(sectionLabel('a) small point')).toBeNull();
		expect(sectionLabel('Partners: who we work with')).toBeNull();
	});

	it('letters parts as the agenda does', () => {
		expect([0, 1, 25, 26].map(partLetter)).toEqual(['A', 'B', 'Z', '']);
	});
});
