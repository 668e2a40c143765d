// Copy front-end files from node_modules into the paths the app and the tests serve, with
// their licences. Run after changing a version in package.json:
//     npm ci && npm run vendor
// The copies are committed: nothing runs npm when the app runs, and no CDN is used.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

const FILES = [
  // [package, file inside the package, destination relative to the repo root]
  ["htmx.org", "dist/htmx.min.js", "static/vendor/htmx/htmx.min.js"],
  ["htmx.org", "LICENSE", "static/vendor/htmx/LICENSE"],
  ["axe-core", "axe.min.js", "tests/browser/vendor/axe.min.js"],
  ["axe-core", "LICENSE", "tests/browser/vendor/axe-core.LICENSE"],
  ["axe-core", "LICENSE-3RD-PARTY.txt", "tests/browser/vendor/axe-core.LICENSE-3RD-PARTY.txt"],
  // The Arabic web font (pages and the PDF export), Arabic subset only: Latin stays system-ui.
  ...["400", "700"].flatMap((weight) =>
    ["woff2", "woff"].map((ext) => [
      "@fontsource/noto-naskh-arabic",
      `files/noto-naskh-arabic-arabic-${weight}-normal.${ext}`,
      `static/fonts/noto-naskh-arabic/noto-naskh-arabic-arabic-${weight}-normal.${ext}`,
    ]),
  ),
  ["@fontsource/noto-naskh-arabic", "LICENSE", "static/fonts/noto-naskh-arabic/OFL.txt"],
];

for (const [pkg, file, dest] of FILES) {
  const pkgDir = dirname(require.resolve(`${pkg}/package.json`));
  const target = join(ROOT, dest);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(pkgDir, file), target);
  const { version } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  console.log(`${pkg}@${version}: ${file} -> ${dest}`);
}
