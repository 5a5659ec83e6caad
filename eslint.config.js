import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const SCREEN_BANNED_PACKAGES = ['yjs', 'dexie', 'idb', 'y-indexeddb', 'y-websocket'];
const SCREEN_BANNED = [
	'y-*',
	'$lib/state/*-engine',
	'$lib/sync/*',
	'$lib/storage/*',
	'$lib/documents/*',
	'**/sync/*',
	'**/storage/*',
	'**/documents/*'
];
const SCREEN_BANNED_SOURCE =
	'/^(yjs|dexie|idb|y-[a-z-]+)(\\/|$)|(^\\$lib\\/|\\/)(sync|storage|documents)\\/|-engine$/';

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
		// dependency-cruiser reads its configuration as CommonJS.
		files: ['**/*.cjs'],
		languageOptions: { sourceType: 'commonjs' },
		rules: { '@typescript-eslint/no-require-imports': 'off' }
	},
	{
		// Screens get data from state classes and contexts (docs/architecture.md): never from the
		// documents, sync or storage layers nor the CRDT and database packages, even lazily.
		files: ['src/routes/**/*.{svelte,ts}', 'src/lib/components/**/*.{svelte,ts}'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ paths: SCREEN_BANNED_PACKAGES, patterns: SCREEN_BANNED }
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: `ImportExpression[source.value=${SCREEN_BANNED_SOURCE}]`,
					message: 'Screens load state modules, not documents, sync or storage ones.'
				}
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
						'idb',
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
