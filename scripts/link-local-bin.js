#!/usr/bin/env node
// `npx scrapio-server` in this checkout: npm only links the bins of dependencies into node_modules/.bin, not
// the root package's own, so npx would look for the package in the registry. After a build (the `prepare`
// step of npm install / npm ci), link our bin there too. In a project that installs the package, npm links it
// as usual and this script does nothing.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const binDir = path.join(root, 'node_modules', '.bin');
if (!fs.existsSync(cli) || !fs.existsSync(binDir) || root.split(path.sep).includes('node_modules')) process.exit(0);
fs.chmodSync(cli, 0o755);
const link = path.join(binDir, 'scrapio-server');
fs.rmSync(link, { force: true });
fs.symlinkSync(path.relative(binDir, cli), link);
