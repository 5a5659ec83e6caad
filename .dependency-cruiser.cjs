/**
 * The layers of the app and the relay (docs/architecture.md): imports go down the chain
 * routes → state → documents → {sync, storage} → model → protocol, never back up, and no file
 * imports itself through a cycle. ESLint's no-restricted-imports keeps the screens off the lower
 * layers; this checks the whole graph, dynamic `import()` included.
 */
const layer = (name) => `^src/lib/${name}/`;

/** Folders each layer must not import from. */
const forbidden = {
	protocol: ['model', 'storage', 'sync', 'documents', 'state', 'components', 'editor'],
	model: ['storage', 'sync', 'documents', 'state', 'components', 'editor'],
	storage: ['sync', 'documents', 'state', 'components', 'editor'],
	sync: ['storage', 'documents', 'state', 'components', 'editor'],
	search: ['sync', 'documents', 'state', 'components', 'editor'],
	documents: ['state', 'components', 'editor'],
	state: ['components', 'editor']
};

module.exports = {
	forbidden: [
		{
			name: 'no-cycle',
			severity: 'error',
			comment: 'A cycle makes two files one concern; split what both need into a third.',
			from: {},
			to: { circular: true }
		},
		...Object.entries(forbidden).map(([from, targets]) => ({
			name: `${from}-layer`,
			severity: 'error',
			comment: `src/lib/${from} sits below ${targets.join(', ')} (docs/architecture.md).`,
			from: { path: layer(from) },
			to: { path: `^src/lib/(${targets.join('|')})/` }
		})),
		{
			name: 'screens-read-state',
			severity: 'error',
			comment: 'Components and pages get data from state classes and contexts.',
			from: { path: '^src/(routes|lib/components)/' },
			to: {
				path: '^src/lib/(sync|storage|documents)/|node_modules/(yjs|dexie|y-indexeddb|idb|y-websocket)/'
			}
		},
		{
			name: 'relay-imports-contract-and-model-only',
			severity: 'error',
			comment: 'The relay shares only the wire contract and the pure model with the app.',
			from: { path: '^server/' },
			to: { path: '^src/', pathNot: '^src/lib/(protocol|model)/' }
		},
		{
			name: 'relay-sync-is-not-http',
			severity: 'error',
			from: { path: '^server/sync/' },
			to: { path: '^server/http/' }
		}
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		// Svelte components are left to ESLint (eslint.config.js): dependency-cruiser's Svelte
		// parser does not read runes such as `$bindable()`.
		exclude: { path: '\\.spec\\.ts$|\\.svelte$' },
		tsPreCompilationDeps: true,
		// SvelteKit's `$lib` alias, which its generated tsconfig's paths cannot give from the root.
		webpackConfig: { fileName: '.dependency-cruiser.resolve.cjs' },
		enhancedResolveOptions: {
			exportsFields: ['exports'],
			conditionNames: ['import', 'require', 'node', 'default', 'types'],
			extensions: ['.ts', '.js', '.svelte', '.json']
		},
		moduleSystems: ['es6', 'cjs']
	}
};
