#!/usr/bin/env node
// `npm test`'s pretest: installs Comunica 4, a real client of the client tier, into tools/comunica
// (its own package.json and lock file, kept out of the project's dependencies) when it is not there
// yet, so `npm ci && npm test` in a fresh clone runs that tier too. Once installed, this is one stat.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = path.join(root, 'tools', 'comunica');
if (!existsSync(path.join(folder, 'node_modules', '.bin', 'comunica-sparql'))) {
  console.error('pretest: installing Comunica 4 into tools/comunica for the client tier (once)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', folder, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('pretest: npm ci --prefix tools/comunica failed; the client tier needs it');
    process.exit(1);
  }
}
