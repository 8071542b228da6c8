#!/usr/bin/env node
// `npx scrapio-server` and `npx scrapio` in this checkout: npm only links the bins of dependencies into
// node_modules/.bin, not the root package's own, so npx would look for the package in the registry. After a
// build (the `prepare` step of npm install / npm ci), link our bins (package.json `bin`) there too. In a project
// that installs the package, npm links them as usual and this script does nothing.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const binDir = path.join(root, 'node_modules', '.bin');
if (!fs.existsSync(binDir) || root.split(path.sep).includes('node_modules')) process.exit(0);
const { bin } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const [name, target] of Object.entries(bin)) {
  const file = path.join(root, target);
  if (!fs.existsSync(file)) continue;
  fs.chmodSync(file, 0o755);
  const link = path.join(binDir, name);
  fs.rmSync(link, { force: true });
  fs.symlinkSync(path.relative(binDir, file), link);
}
