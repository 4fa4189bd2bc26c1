import { describe, expect, it } from 'vitest';
import { verdict, verifyContracts, verifyFacets } from '../verify';

const A = '0x' + 'ab'.repeat(32);
const B = '0x' + 'cd'.repeat(32);

describe('verified contracts: chain code hash against this source’s build', () => {
  it('same hash (any case): verified', () => {
    expect(verdict('stablecoin', A.toUpperCase().replace('0X', '0x'), A)).toEqual({ what: 'stablecoin', ok: true, chain: A, built: A, text: 'verified: runs the code this source builds to' });
  });
  it('another hash, no code, no build: NOT verified, with both hashes', () => {
    expect(verdict('collateral_vault', B, A).text).toBe(`NOT verified: chain runs ${B}, this source builds ${A}`);
    expect(verdict('collateral_vault', undefined, A).text).toBe(`NOT verified: no code on chain at collateral_vault's address (this source builds ${A}).`);
    expect(verdict('x', A, undefined)).toMatchObject({ ok: false, text: 'NOT verified: this dApp carries no build of x.' });
  });
  it('every contract and every facet group', () => {
    expect(verifyContracts({ stablecoin: A, price_oracle: B }, { stablecoin: A, price_oracle: A }).map((v) => [v.what, v.ok])).toEqual([
      ['price_oracle', false],
      ['stablecoin', true],
    ]);
    expect(verifyFacets('collateral_vault', { lend: A, pledge: B }, { lend: A, pledge: A, views: A }).map((v) => [v.what, v.ok])).toEqual([
      ['collateral_vault facet lend', true],
      ['collateral_vault facet pledge', false],
      ['collateral_vault facet views', false],
    ]);
    expect(verifyFacets('liquidation_engine', undefined, { take: A })[0].ok).toBe(false);
  });
});
