/**
 * Plenary's meeting model: the three Yjs documents of docs/contract.md and every operation on them.
 * Pure TypeScript: no DOM, no Svelte, no I/O. The app imports it through Vite, the relay
 * through tsx. See docs/model.md.
 */
export * from './ids';
export * from './schema';
export * from './text';
export * from './notes';
export * from './positions';
export * from './agenda';
export * from './agenda-append';
export * from './blocks';
export * from './decision';
export * from './minutes';
export * from './check';
export * from './migrate';
export * from './directory';
export * from './comments';
export * from './publication';
export * from './undo';
export { isValidDate, isValidTime } from './read';
export * from './dates';
export * from './clean-text';
export * from './safe-link';
export * from './export-ids';
export * from './export-common';
export * from './markdown';
export * from './import-markdown';
export * from './html';
export * from './text-export';
export * from './ics-format';
export * from './ics';
export * from './csv';
export * from './follow-up';
