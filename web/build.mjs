// Builds the assets the server embeds (src/web/CMakeLists.txt runs this):
//   node web/build.mjs OUT_DIR
// civicdesk.css: GOV.UK Frontend's Sass compiled with web/styles/civicdesk.scss;
// govuk-frontend.min.js: copied from the package (pinned by package-lock.json).
import { mkdirSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] || join(root, 'build', 'web');
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, 'web', 'styles', 'civicdesk.scss'), {
  style: 'compressed',
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true,
  silenceDeprecations: ['import'],
});
writeFileSync(join(out, 'civicdesk.css'), css.css);
copyFileSync(join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'govuk-frontend.min.js'),
             join(out, 'govuk-frontend.min.js'));
console.log(`web assets written to ${out}`);

// The map (Leaflet, pinned by package-lock.json): its script, its stylesheet
// with ours after it (map.css), and the marker's images, named as
// src/web/CMakeLists.txt embeds them.
const leaflet = join(root, 'node_modules', 'leaflet', 'dist');
copyFileSync(join(leaflet, 'leaflet.js'), join(out, 'leaflet.js'));
writeFileSync(join(out, 'map.css'),
  readFileSync(join(leaflet, 'leaflet.css'), 'utf8') + '\n' + readFileSync(join(root, 'web', 'styles', 'map.css'), 'utf8'));
for (const png of ['marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png'])
  copyFileSync(join(leaflet, 'images', png), join(out, png));
console.log('map assets written');
