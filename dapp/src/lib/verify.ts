/**
 * Whether the contracts the dApp talks to run the code this source builds to: the code hash the
 * chain stores for each address (pallet-contracts `contractInfoOf(address).codeHash`) against the
 * hash of the reproducible build bundled with the dApp (its metadata's `source.hash`); for the
 * routers' facets (code the vault and the engine delegate-call) the hashes the router's
 * `facets()` view answers against the build's (the manifest's `vault_facets` / `engine_facets`,
 * which scf-deploy checked against the build when it uploaded them).
 */
export interface Verdict {
  what: string;
  ok: boolean;
  chain?: string;
  built?: string;
  text: string;
}

const norm = (h?: string) => (h ? h.toLowerCase() : undefined);

export function verdict(what: string, chain: string | undefined, built: string | undefined): Verdict {
  const c = norm(chain);
  const b = norm(built);
  if (!b) return { what, ok: false, chain: c, text: `NOT verified: this dApp carries no build of ${what}.` };
  if (!c) return { what, ok: false, built: b, text: `NOT verified: no code on chain at ${what}'s address (this source builds ${b}).` };
  if (c === b) return { what, ok: true, chain: c, built: b, text: 'verified: runs the code this source builds to' };
  return { what, ok: false, chain: c, built: b, text: `NOT verified: chain runs ${c}, this source builds ${b}` };
}

/** One verdict per contract that has a built hash or a chain hash. */
export function verifyContracts(chain: Record<string, string | undefined>, built: Record<string, string | undefined>): Verdict[] {
  const names = [...new Set([...Object.keys(built), ...Object.keys(chain)])].sort();
  return names.map((n) => verdict(n, chain[n], built[n]));
}

/** The router's facet hashes (its `facets()` view, camelCased by dedot) against the build's, by group. */
export function verifyFacets(
  contract: string,
  chain: Record<string, string> | undefined,
  built: Record<string, string>,
): Verdict[] {
  const groups = [...new Set([...Object.keys(built), ...Object.keys(chain ?? {})])].sort();
  return groups.map((g) => verdict(`${contract} facet ${g}`, chain?.[g], built[g]));
}
