#!/usr/bin/env node
// Copies the contracts' ink! metadata (JSON: ABI + `source.hash`, the code hash) from the
// contract build into src/contracts/artifacts/<name>/<name>.json, where the app bundles it and
// the typegen and the error-table test read it. The manifest's `metadata` paths name a build
// machine's files, so the dApp carries its own copy and checks it against the manifest's code_hash.
//
//   node scripts/artifacts.mjs            copy from $SCF_BUNDLES_DIR (default ~/.cache/scf/target/ink)
//   node scripts/artifacts.mjs --if-built the same, but keep the committed copies when nothing is built
//   node scripts/artifacts.mjs --check    exit 1 if a committed copy differs from the build
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTRACTS = ['stablecoin', 'receivable_registry', 'price_oracle', 'collateral_vault'];
const OPTIONAL = ['liquidation_engine', 'condition_monitor', 'credit_pricer'];
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../src/contracts/artifacts');
const bundles =
  process.env.SCF_BUNDLES_DIR ?? join(process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/scf/target'), 'ink');
const mode = process.argv[2] ?? '';

const src = (c) => join(bundles, c, `${c}.json`);
if (!CONTRACTS.every((c) => existsSync(src(c)))) {
  const missing = CONTRACTS.filter((c) => !existsSync(src(c)));
  if (mode === '--if-built') {
    console.log(`artifacts: no contract build at ${bundles} (${missing.join(', ')}): keeping the committed metadata`);
    process.exit(0);
  }
  console.error(`artifacts: missing ${missing.map(src).join(', ')}: build the contracts first (bash scripts/build-contracts.sh)`);
  process.exit(2);
}
let differs = 0;
for (const c of [...CONTRACTS, ...OPTIONAL]) {
  if (!existsSync(src(c))) continue;
  const meta = JSON.parse(readFileSync(src(c), 'utf8'));
  delete meta.source.wasm; // the code is on chain; the dApp needs the ABI and the hash
  const text = JSON.stringify(meta, null, 2) + '\n';
  const dest = join(out, c, `${c}.json`);
  const old = existsSync(dest) ? readFileSync(dest, 'utf8') : '';
  if (old === text) continue;
  differs++;
  if (mode === '--check') {
    console.error(`artifacts: ${dest} is not the built ${c} (code hash ${meta.source.hash}): run npm run artifacts && npm run typegen`);
    continue;
  }
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, text);
  console.log(`artifacts: ${c} ← ${src(c)} (code hash ${meta.source.hash})`);
}
if (mode === '--check' && differs) process.exit(1);
if (!differs) console.log('artifacts: up to date');
