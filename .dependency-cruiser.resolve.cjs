/** How dependency-cruiser resolves SvelteKit's `$lib` alias (.dependency-cruiser.cjs). */
const path = require('node:path');

module.exports = { resolve: { alias: { $lib: path.resolve(__dirname, 'src/lib') } } };
