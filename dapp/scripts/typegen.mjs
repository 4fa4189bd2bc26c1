#!/usr/bin/env node
// Generates the typed contract bindings in src/contracts/types/<name>/ from the metadata in
// src/contracts/artifacts/ with dedot's CLI (`dedot typink -m <metadata> -o <dir>`). The output
// is generated, never edited by hand; it is committed so a build needs no Rust.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = join(root, 'src/contracts/artifacts');
const types = join(root, 'src/contracts/types');
const dedot = join(root, 'node_modules/.bin/dedot');

rmSync(types, { recursive: true, force: true });
for (const name of readdirSync(artifacts).sort()) {
  const meta = join(artifacts, name, `${name}.json`);
  if (!existsSync(meta)) continue;
  execFileSync(dedot, ['typink', '-m', meta, '-o', types], { stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`typegen: ${name} → src/contracts/types/${name.replaceAll('_', '-')}`);
}
