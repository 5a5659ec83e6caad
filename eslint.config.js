import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'data/', 'node_modules/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// Leaf components get data from props or context, never from the storage or CRDT layers.
		files: ['src/lib/components/**/*.svelte'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ paths: ['yjs', 'dexie'], patterns: ['y-*', '$lib/storage/*'] }
			]
		}
	},
	{
		// The model is shared with the relay: no DOM, no Svelte, no I/O.
		files: ['src/lib/model/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						'svelte',
						'svelte/*',
						'$app/*',
						'dexie',
						'y-indexeddb',
						'y-websocket',
						'node:*'
					]
				}
			]
		}
	}
);
