/**
 * The dApp against a real node (substrate-contracts-node 0.42) with the suite deployed by
 * scf-deploy (deploy/networks/local.toml): scripts/dapp-e2e.sh starts both and sets
 * SCF_MANIFEST. Every action goes through the screens and the injected test wallet, which signs
 * with the development keys; nothing is done behind the UI's back.
 *
 * Roles (deploy/networks/local.toml): //Alice deployer and price reporter, with //Alice//stash and
 * //Bob//stash the three reporters of every key (quorum 3: a price exists only once all three
 * have reported, and a move beyond a key's guard needs all three), //Ferdie underwriter, //Bob
 * supplier, //Dave buyer approved here (and coffee trader, to earn the stablecoin he pays with),
 * //Eve warehouse attester, //Charlie keeper (and Bob's own supplier, paid in the stablecoin),
 * //Ferdie also the vault's guardian, //Arbiter the engine's arbiter (funded with native tokens by
 * the test: no endowed dev account).
 *
 * Confirmations bind every term (issue 19): the buyer and the warehouse enter the terms from their
 * own records (here: what the test registered, and the same document file) and the browser hashes
 * them; a term that differs is flagged and the confirmation is not offered.
 *
 * The screens' guards, in the browser: a double click sends one transaction; every amount and
 * date field refuses bad input inline with nothing sent; irreversible actions (liquidate, close)
 * ask for a confirmation (`confirm-<testid>`); "repay all" after fees accrued clears the debt;
 * the liquidated owner sees what is still owed; no screen scrolls sideways at 390 px.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { readFileSync } from 'node:fs';
import { LegacyClient, WsProvider } from 'dedot';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { injectWallet, launch, serve, shot } from './harness';
import type { TestWallet } from '../src/testing/testWallet';

const MANIFEST = process.env.SCF_MANIFEST;
const RUN = Date.now();
/** The keys' reporters (deploy/networks/local.toml [oracle] reporters; quorum and move quorum 3). */
const REPORTERS = ['Alice', 'AliceStash', 'BobStash'];
const DAY_MS = 86_400_000;
/** Today's date (UTC) and the date `days` later, as a registration records them (midnight UTC). */
const utcDate = (days = 0) => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + days * DAY_MS).toISOString().slice(0, 10);
/** A document's file: the supplier registers it, the confirmer hashes its own copy of it. */
const docFile = (doc: string) => ({ name: `${doc}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF ${doc} ${RUN}`) });

let browser: Browser;
let server: PreviewServer;
let url: string;
let page: Page;
let wallet: TestWallet;
const addr: Record<string, string> = {};

const FINAL = ['finalized', 'refused', 'cancelled', 'failed'];

/** Playwright-style waits on locators (vitest's expect has no locator matchers). */
const text = async (l: Locator) => ((await l.count()) ? ((await l.first().textContent()) ?? '') : '');
async function hasText(l: Locator, s: string, timeout = 30_000) {
  await expect.poll(() => text(l), { timeout, interval: 300 }).toContain(s);
}
async function lacksText(l: Locator, s: string, timeout = 10_000) {
  await expect.poll(() => text(l), { timeout, interval: 300 }).not.toContain(s);
}
async function hasExactText(l: Locator, s: string, timeout = 30_000) {
  await expect.poll(async () => (await text(l)).trim(), { timeout, interval: 300 }).toBe(s);
}
async function hasAttr(l: Locator, name: string, value: string, timeout = 30_000) {
  await expect.poll(() => l.first().getAttribute(name).catch(() => null), { timeout, interval: 300 }).toBe(value);
}


/** Waits for the transaction shown in `scope` to end; returns its phase and text. */
async function txEnd(scope: Locator, timeout = 120_000): Promise<{ phase: string; text: string }> {
  const status = scope.getByTestId('tx-status').last();
  await expect
    .poll(async () => FINAL.includes((await status.getAttribute('data-phase').catch(() => null)) ?? ''), { timeout, interval: 300 })
    .toBe(true);
  return { phase: (await status.getAttribute('data-phase'))!, text: (await status.textContent()) ?? '' };
}

async function expectFinal(scope: Locator) {
  const r = await txEnd(scope);
  expect(r.phase, r.text).toBe('finalized');
}

/** The chosen account's stablecoin balance as the header shows it (whole units and cents). */
async function balanceNow(): Promise<number> {
  return Number((await page.getByTestId('balance').textContent())!.replace(/[^\d.]/g, ''));
}

/** Switches the wallet's account and waits until the screens show that account's state. */
async function as(who: string) {
  await page.getByTestId('account').selectOption(addr[who]);
  await page.locator(`[data-testid="balance"][data-account="${addr[who]}"]`).waitFor({ timeout: 30_000 });
}

async function tab(role: string) {
  await page.getByTestId(`tab-${role}`).click();
  await page.getByTestId(`screen-${role}`).waitFor();
}

/** The largest id among elements whose testid starts with `prefix`. */
async function newestId(prefix: string): Promise<string> {
  await page.locator(`[data-testid^="${prefix}"]`).first().waitFor();
  const ids = await page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els, p) => els.map((e) => e.getAttribute('data-testid')!.slice(p.length)), prefix);
  return ids.filter((x) => /^\d+$/.test(x)).sort((a, b) => Number(b) - Number(a))[0];
}

/** One reporter's submission, as the connected account. */
async function reportPrice(key: string, price: string) {
  await tab('risk');
  const card = page.getByTestId('risk-oracle');
  await card.getByTestId('report-key').selectOption(key);
  await card.getByTestId('report-price').fill(price);
  await card.getByTestId('report-submit').click();
  await expectFinal(card);
}

/** Every reporter of the key submits `price`: the quorum (3) forms the answer, and a move beyond the guard is accepted. */
async function reportPriceByAll(key: string, price: string) {
  for (const r of REPORTERS) {
    await as(r);
    await reportPrice(key, price);
  }
}

/** Terms a confirmer enters from its own records (the confirm form of lib/terms.ts). */
interface Terms {
  supplier: string;
  amount: string;
  key: string;
  issue?: string;
  date?: string;
  doc: string;
}

async function fillTerms(scope: Locator, t: Terms) {
  await scope.getByTestId('confirm-originator').fill(addr[t.supplier]);
  await scope.getByTestId('confirm-amount').fill(t.amount);
  await scope.getByTestId('confirm-key').selectOption(t.key);
  if (t.issue !== undefined) await scope.getByTestId('confirm-issue').fill(t.issue);
  if (t.date !== undefined) await scope.getByTestId('confirm-date').fill(t.date);
  await scope.getByTestId('confirm-file').setInputFiles(docFile(t.doc));
}

/** Enters the terms, checks they match the registration, and confirms (the hash is the input's). */
async function confirmTerms(scope: Locator, t: Terms) {
  await fillTerms(scope, t);
  await hasText(scope.getByTestId('terms-verdict'), 'Every term matches the registration');
  await scope.getByTestId('confirm').click();
  await expectFinal(scope);
}

async function register(kind: 'Invoice' | 'WarehouseReceipt', party: string, key: string, amount: string, doc: string, issue?: string): Promise<string> {
  await tab('supplier');
  const card = page.getByTestId('register');
  await card.getByTestId('register-kind').selectOption(kind);
  await card.getByTestId('register-file').setInputFiles(docFile(doc));
  await card.getByTestId('register-hash').waitFor();
  await card.getByTestId('register-party').fill(addr[party]);
  await card.getByTestId('register-key').selectOption(key);
  await card.getByTestId('register-amount').fill(amount);
  if (kind === 'Invoice') {
    if (issue) await card.getByTestId('register-issue').fill(issue);
    await card.getByTestId('register-days').fill('73');
  }
  const rows = page.getByTestId('my-assets').locator('tbody tr');
  const before = await rows.count();
  await card.getByTestId('register-submit').click();
  await expectFinal(card);
  await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(before);
  return newestId('asset-');
}

async function openPosition(className: string): Promise<string> {
  await tab('supplier');
  const card = page.getByTestId('open-position');
  const option = await card.getByTestId('open-class').locator('option', { hasText: className }).first().getAttribute('value');
  await card.getByTestId('open-class').selectOption(option!);
  const before = await page.locator('[data-testid^="position-"]').count();
  await card.getByTestId('open-submit').click();
  await expectFinal(card);
  await expect.poll(() => page.locator('[data-testid^="position-"]').count(), { timeout: 30_000 }).toBeGreaterThan(before);
  return newestId('position-');
}

async function deposit(pos: string, asset: string) {
  const card = page.getByTestId(`position-${pos}`);
  await expect.poll(() => card.getByTestId('deposit-asset').locator(`option[value="${asset}"]`).count(), { timeout: 30_000 }).toBe(1);
  await card.getByTestId('deposit-asset').selectOption(asset);
  await lacksText(card.getByTestId('preview').first(), 'Would be refused');
  await card.getByTestId('deposit-submit').click();
  await expectFinal(card);
}

async function borrow(pos: string, amount: string) {
  const card = page.getByTestId(`position-${pos}`);
  await card.getByTestId('borrow-amount').fill(amount);
  await card.getByTestId('borrow-submit').click();
  return txEnd(card);
}

beforeAll(async () => {
  if (!MANIFEST) return;
  ({ server, url } = await serve(MANIFEST));
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  wallet = await injectWallet(page, {
    accounts: [
      ...['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => ({ uri: `//${n}`, name: n })),
      { uri: '//Alice//stash', name: 'AliceStash' },
      { uri: '//Bob//stash', name: 'BobStash' },
      // The engine's arbiter (deploy/networks/local.toml: //Arbiter), funded below for fees.
      { uri: '//Arbiter', name: 'Arbiter' },
    ],
  });
  for (const a of wallet.accounts) addr[a.name] = a.address;
  const consoleLog: string[] = [];
  page.on('console', (m) => consoleLog.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLog.push(`[pageerror] ${e.message}`));
  // On failure, say what the page shows instead (a connection or manifest error, usually).
  const explain = async (e: unknown) => {
    const body = await page.locator('body').innerText().catch(() => '(no body)');
    throw new Error(`${e}\n--- page text ---\n${body}\n--- console ---\n${consoleLog.slice(-30).join('\n')}`);
  };
  await page.goto(url);
  await page.getByTestId('connect-polkadot-js').click().catch(explain);
  await page.getByTestId('account').waitFor().catch(explain);
  await page.getByTestId('screen-supplier').waitFor({ timeout: 60_000 }).catch(explain);
});

// A failed step leaves the page it failed on, for whoever reads the run's log.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) {
    const file = `${process.env.TMPDIR ?? '/tmp'}/dapp-e2e-failed-${ctx.task.name.slice(0, 48).replace(/[^A-Za-z0-9]+/g, '-')}.png`;
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.log(`screenshot of the failed step: ${file}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!MANIFEST)('a whole financing in the browser, against the node', () => {
  let invoice: string;
  let facility: string;
  let coffeePos: string;

  it('prices are reported by the three reporters of every key (quorum 3)', async () => {
    for (const [key, price] of [
      ['USD', '1.00'],
      ['EUR', '1.08'],
      ['COFFEE', '2.00'],
    ]) {
      await reportPriceByAll(key, price);
      await hasText(page.getByTestId(`oracle-quorum-${key}`), '3 of 3 reporters');
    }
    await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 15_000 }).toBe(0);
  });

  it('the underwriter approves the buyer', async () => {
    await as('Ferdie');
    await tab('risk');
    const card = page.getByTestId('risk-debtors');
    await card.getByTestId('underwrite-debtor').fill(addr.Dave);
    await card.getByTestId('underwrite-limit').fill('20000');
    // A double click sends ONE transaction: the button is off while it runs, and the gate drops the second click.
    const requests = wallet.requests;
    await card.getByTestId('approve-debtor').dblclick();
    await expectFinal(card);
    expect(wallet.requests).toBe(requests + 1);
    // Cleared after success: the limit field is empty again.
    await expect.poll(() => card.getByTestId('underwrite-limit').inputValue(), { timeout: 10_000 }).toBe('');
    await hasText(card.getByTestId(`debtor-${addr.Dave}`), '20,000.00');
    await shot(page, 'risk-desk');
  });

  it('the buyer earns stablecoin on warehoused coffee, attested by the warehouse', async () => {
    await as('Dave');
    const receipt = await register('WarehouseReceipt', 'Eve', 'COFFEE', '20000', 'DAVE-WR');
    await as('Eve');
    await tab('attester');
    const goods = page.getByTestId(`goods-${receipt}`);
    // Eve enters what she stores, from her own goods received note and her copy of the receipt.
    await fillTerms(goods, { supplier: 'Dave', amount: '20000', key: 'COFFEE', doc: 'DAVE-WR' });
    await shot(page, 'warehouse');
    await confirmTerms(goods, { supplier: 'Dave', amount: '20000', key: 'COFFEE', doc: 'DAVE-WR' });
    await as('Dave');
    coffeePos = await openPosition('warehouse');
    await deposit(coffeePos, receipt);
    const before = await balanceNow();
    // 20 000 kg × 2.00 less 10 % = 36 000; 16 000 of debt is a 225 % ratio.
    const r = await borrow(coffeePos, '16000');
    expect(r.phase, r.text).toBe('finalized');
    await expect.poll(async () => (await balanceNow()) - before, { timeout: 30_000, interval: 300 }).toBe(16_000);
  });

  it('the supplier registers an invoice; a term the buyer did not agree is flagged and nothing is signed', async () => {
    await as('Bob');
    invoice = await register('Invoice', 'Dave', 'USD', '15000', 'BOB-INV', utcDate());
    await hasExactText(page.getByTestId(`asset-${invoice}`).getByTestId('asset-status'), 'Pending');
    await as('Dave');
    await tab('debtor');
    const row = page.getByTestId(`invoice-${invoice}`);
    const requests = wallet.requests;
    // Dave's purchase order says net 60, not 73: the due date differs, so he cannot confirm.
    await fillTerms(row, { supplier: 'Bob', amount: '15000', key: 'USD', issue: utcDate(), date: utcDate(60), doc: 'BOB-INV' });
    await hasText(row.getByTestId('terms-verdict'), 'Differs from the registration in: due date');
    await hasAttr(row.locator('tr[data-differs="true"]').first(), 'data-differs', 'true');
    expect(await row.getByTestId('confirm').isDisabled()).toBe(true);
    expect(wallet.requests).toBe(requests);
  });

  it('the buyer confirms exactly the terms agreed, the supplier pledges the invoice and borrows', async () => {
    await as('Dave');
    await tab('debtor');
    const row = page.getByTestId(`invoice-${invoice}`);
    await confirmTerms(row, { supplier: 'Bob', amount: '15000', key: 'USD', issue: utcDate(), date: utcDate(73), doc: 'BOB-INV' });
    await as('Bob');
    await tab('supplier');
    await hasExactText(page.getByTestId(`asset-${invoice}`).getByTestId('asset-status'), 'Confirmed', 30_000);
    facility = await openPosition('invoices');
    await deposit(facility, invoice);
    const card = page.getByTestId(`position-${facility}`);
    // 15 000 due at midnight UTC 73 days after today, so 72 to 73 days from now, at 10 %/year:
    // worth 15 000 / (1 + 0.1 × 73/365) = 14 705.88 up to 15 000 / (1 + 0.1 × 72/365) = 14 709.83;
    // max borrow ÷ 1.5: 9 803.92 to 9 806.55 (the upper bound was 9 805.85, an arithmetic slip
    // that only a run late in the UTC day, with under 72.2 days left, could reach).
    const maxBorrow = async () => Number(((await card.getByTestId('max-borrow').textContent()) ?? '').replace(/[^\d.]/g, ''));
    await expect.poll(maxBorrow, { timeout: 30_000, interval: 300 }).toBeGreaterThanOrEqual(9_803.92);
    expect(await maxBorrow()).toBeLessThanOrEqual(9_806.56);
    await hasText(card, 'USD (every document of this position is valued in it)');
    const r = await borrow(facility, '5000');
    expect(r.phase, r.text).toBe('finalized');
    // The trace: the transaction's hash, and the amount field cleared (no lingering "would be refused").
    await hasText(card.getByTestId('tx-status').getByTestId('tx-hash'), 'tx 0x');
    await expect.poll(() => card.getByTestId('borrow-amount').inputValue(), { timeout: 10_000 }).toBe('');
    await expect.poll(() => card.getByTestId('preview').count(), { timeout: 10_000 }).toBe(0);
    await hasText(card.getByTestId('debt'), '5,000.0');
    await shot(page, 'supplier');
  });

  it('a borrow past the limit is refused with its reason on screen, and never signed', async () => {
    const card = page.getByTestId(`position-${facility}`);
    const requests = wallet.requests;
    await card.getByTestId('borrow-amount').fill('9000');
    await hasText(card.getByTestId('preview').filter({ hasText: 'Would be refused' }), 'minimum collateral ratio');
    await card.getByTestId('borrow-submit').click();
    const r = await txEnd(card);
    expect(r.phase).toBe('refused');
    expect(r.text).toContain('minimum collateral ratio');
    expect(wallet.requests).toBe(requests);
  });

  it('a wallet that rejects signing leaves everything as it was', async () => {
    const card = page.getByTestId(`position-${facility}`);
    const debt = await card.getByTestId('debt').textContent();
    wallet.setReject(true);
    const r = await borrow(facility, '100');
    wallet.setReject(false);
    expect(r.phase).toBe('cancelled');
    expect(r.text).toContain('Nothing was sent');
    await page.waitForTimeout(2_000);
    expect(await card.getByTestId('debt').textContent()).toBe(debt);
  });

  it('the buyer pays the invoice: the loan is repaid and the supplier receives the rest', async () => {
    await as('Bob');
    const before = await balanceNow();
    await as('Dave');
    await tab('debtor');
    const row = page.getByTestId(`invoice-${invoice}`);
    await hasText(row.getByTestId('amount-due'), '15,000.00');
    await hasText(row.getByTestId('amount-due'), 'repays the supplier’s loan');
    await shot(page, 'debtor');
    await row.getByTestId('pay').click();
    await expectFinal(row);
    await hasExactText(row.getByTestId('invoice-status'), 'Settled', 30_000);
    await as('Bob');
    await tab('supplier');
    await hasExactText(page.getByTestId(`asset-${invoice}`).getByTestId('asset-status'), 'Settled', 30_000);
    await hasText(page.getByTestId(`position-${facility}`).getByTestId('debt'), '0.00');
    // 15 000 paid, about 5 000 (plus seconds of fee) repaid: the supplier gets about 10 000.
    await expect.poll(async () => (await balanceNow()) - before, { timeout: 30_000, interval: 300 }).toBeGreaterThan(9_999);
    expect((await balanceNow()) - before).toBeLessThan(10_000.01);
  });

  it('coffee falls 40 %: a keeper liquidates the buyer’s coffee position', async () => {
    // 20 000 kg × 1.20 less 10 % = 21 600 < 16 000 × 1.5 = 24 000: unsafe. Beyond the 15 % guard:
    // the move takes all three reporters (two alone suspend the key until the third reports).
    await reportPriceByAll('COFFEE', '1.20');
    await expect.poll(() => page.getByTestId('stale-banner').count(), { timeout: 15_000 }).toBe(0);
    await as('Charlie');
    await tab('keeper');
    const row = page.getByTestId(`keeper-position-${coffeePos}`);
    await hasAttr(row.getByTestId('ratio'), 'data-band', 'danger', 30_000);
    // The chain's own dry run of `liquidate` enables the button.
    await hasAttr(row.getByTestId('liquidate'), 'data-source', 'chain', 30_000);
    await shot(page, 'keeper');
    // Irreversible: the first click asks, the confirmation sends it.
    const requests = wallet.requests;
    await row.getByTestId('liquidate').click();
    await row.getByTestId('confirm-liquidate').waitFor();
    expect(wallet.requests).toBe(requests);
    await row.getByTestId('confirm-liquidate').click();
    await expectFinal(page.getByTestId('keeper-positions'));
    await expect.poll(() => page.getByTestId('keeper-auctions').locator('[data-testid^="auction-"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The liquidated position leaves the keeper's list (its debt is at auction now).
    await expect.poll(() => row.count(), { timeout: 30_000, interval: 300 }).toBe(0);
    await shot(page, 'keeper-auction');
  });

  it('the liquidated owner sees what is still owed, the penalty and the auction, not "no debt"', async () => {
    await as('Dave');
    await tab('supplier');
    const card = page.getByTestId(`position-${coffeePos}`);
    await card.getByTestId('liquidated').waitFor({ timeout: 30_000 });
    // 16 000 of debt (and the minutes of fee) + the 10 % penalty (less the keeper's reward, taken from it); nothing sold yet.
    await hasText(card.getByTestId('liquidation-owed'), 'TUSD');
    expect(Number((await card.getByTestId('liquidation-owed').textContent())!.replace(/[^\d.]/g, ''))).toBeGreaterThan(17_500);
    await hasText(card.getByTestId('liquidation-penalty'), 'TUSD');
    await card.getByTestId('liquidation-auctions').waitFor();
    expect(await card.getByTestId('debt').count()).toBe(0);
    await lacksText(card, 'no debt');
    await shot(page, 'supplier-liquidated');
  });

  it('bad input in every amount and date field is an inline error, and nothing can be sent', async () => {
    const requests = wallet.requests;
    /** Types each bad value into `field` and expects its inline error and `submit` disabled. */
    async function refuses(scope: Locator, field: string, submit: string, cases: [string, string][], errorTestid = `${field}-error`) {
      for (const [bad, why] of cases) {
        await scope.getByTestId(field).fill(bad);
        await hasText(scope.getByTestId(errorTestid), why, 10_000);
        expect(await scope.getByTestId(submit).isDisabled(), `${field} = ${JSON.stringify(bad)}`).toBe(true);
      }
      await scope.getByTestId(field).fill('');
    }
    const amounts: [string, string][] = [
      ['1,5', 'Use a dot for decimals'],
      ['-5', 'cannot be negative'],
      ['abc', 'Only digits and one dot'],
      ['0.0000000000000000001', 'At most 18 decimals'],
      ['340282366920938463463.374607431768211456', 'Too large'],
    ];
    await as('Bob');
    await tab('supplier');
    const reg = page.getByTestId('register');
    await reg.getByTestId('register-kind').selectOption('Invoice');
    await reg.getByTestId('register-file').setInputFiles(docFile('BAD-INPUT'));
    await reg.getByTestId('register-party').fill(addr.Dave);
    await refuses(reg, 'register-amount', 'register-submit', amounts);
    await reg.getByTestId('register-amount').fill('100');
    await refuses(reg, 'register-days', 'register-submit', [
      ['60.5', 'A whole number of days (no fractions)'],
      ['abc', 'digits only'],
      ['-5', 'must be positive'],
      ['', 'Enter a number of days'],
      ['0', 'At least 1 day'],
    ]);
    await reg.getByTestId('register-days').fill('60');
    await refuses(reg, 'register-issue', 'register-submit', [
      ['2027-02-30', 'no such day'],
      ['17/02/2027', 'YYYY-MM-DD'],
    ]);
    await reg.getByTestId('register-issue').fill('');
    // Goods in transit: the arrival in days, the quantity (local.toml has a shipments class).
    await reg.getByTestId('register-kind').selectOption('InTransit');
    await expect.poll(() => reg.getByTestId('register-no-class').count()).toBe(0);
    await refuses(reg, 'register-days', 'register-submit', [['60.5', 'no fractions']]);
    await reg.getByTestId('register-days').fill('60');
    await refuses(reg, 'register-amount', 'register-submit', amounts);
    await reg.getByTestId('register-kind').selectOption('Invoice');
    const card = page.getByTestId(`position-${facility}`);
    await refuses(card, 'borrow-amount', 'borrow-submit', amounts);
    await refuses(card, 'repay-amount', 'repay-submit', amounts);
    await as('Ferdie');
    await tab('risk');
    await refuses(page.getByTestId('risk-debtors'), 'underwrite-limit', 'approve-debtor', amounts);
    await refuses(page.getByTestId('risk-oracle'), 'report-price', 'report-submit', amounts);
    await as('Charlie');
    await tab('keeper');
    const auction = page.getByTestId('keeper-auctions').locator('[data-testid^="auction-"]').first();
    if (await auction.getByTestId('take-max').count()) await refuses(auction, 'take-max', 'take', amounts);
    expect(wallet.requests).toBe(requests);
  });

  it('"repay all" after fees accrued clears the debt as of its block, and the position can be closed (after a confirmation)', async () => {
    await as('Dave');
    const receipt = await register('WarehouseReceipt', 'Eve', 'COFFEE', '2000', 'DAVE-WR2');
    await as('Eve');
    await tab('attester');
    await confirmTerms(page.getByTestId(`goods-${receipt}`), { supplier: 'Dave', amount: '2000', key: 'COFFEE', doc: 'DAVE-WR2' });
    await as('Dave');
    const pos = await openPosition('warehouse');
    await deposit(pos, receipt);
    // 2 000 kg × 1.20 less 10 % = 2 160: 1 000 of debt is 216 %.
    const r = await borrow(pos, '1000');
    expect(r.phase, r.text).toBe('finalized');
    const card = page.getByTestId(`position-${pos}`);
    // Let the fee accrue (5 %/year, by the second) and the snapshot refresh.
    await page.waitForTimeout(8_000);
    await hasText(card.getByTestId('repay-all-offer'), 'Repay all offers 1,000.0');
    await card.getByTestId('repay-all').click();
    await expectFinal(card);
    await hasText(card.getByTestId('debt'), '0.00');
    // Close asks first, then sends.
    await expect.poll(() => card.getByTestId('close-submit').isEnabled(), { timeout: 30_000 }).toBe(true);
    await card.getByTestId('close-submit').click();
    await card.getByTestId('cancel-close-submit').click();
    await card.getByTestId('close-submit').click();
    await card.getByTestId('confirm-close-submit').click();
    // The card may go with the position: the session's transaction list keeps the outcome.
    const closed = page.getByTestId('tx-log-entry').filter({ hasText: `Close position ${pos}` }).first();
    await expect.poll(() => closed.getAttribute('data-phase').catch(() => null), { timeout: 120_000, interval: 300 }).toBe('finalized');
  });

  it('at phone width (390 px) no screen scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const role of ['supplier', 'debtor', 'attester', 'keeper', 'risk']) {
        await tab(role);
        await page.waitForTimeout(300);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), role).toBeLessThanOrEqual(390);
      }
      await tab('supplier');
      await shot(page, 'phone');
    } finally {
      await page.setViewportSize({ width: 1360, height: 1000 });
    }
  });
});

/**
 * Sends `who` native tokens from //Alice for transaction fees (the arbiter is no endowed dev
 * account). Outside the UI: the dApp moves the stablecoin, never the chain's own currency.
 */
async function fundNative(who: string) {
  const target = JSON.parse(readFileSync(MANIFEST!, 'utf8')).target as string;
  const client = await LegacyClient.new(new WsProvider(target));
  try {
    await cryptoWaitReady();
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    await new Promise<void>((resolve, reject) => {
      client.tx.balances
        .transferKeepAlive(who, 1_000_000_000_000_000n)
        .signAndSend(alice, ({ status }) => {
          if (status.type === 'BestChainBlockIncluded' || status.type === 'Finalized') resolve();
          if (status.type === 'Invalid' || status.type === 'Drop') reject(new Error(`funding ${who}: ${status.type}`));
        })
        .catch(reject);
    });
  } finally {
    await client.disconnect();
  }
}

/** An invoice from Bob to Dave, confirmed by Dave from his records (USD, due in 73 days). */
async function confirmedInvoice(amount: string, doc: string): Promise<string> {
  await as('Bob');
  const id = await register('Invoice', 'Dave', 'USD', amount, doc, utcDate());
  await as('Dave');
  await tab('debtor');
  await confirmTerms(page.getByTestId(`invoice-${id}`), { supplier: 'Bob', amount, key: 'USD', issue: utcDate(), date: utcDate(73), doc });
  return id;
}

describe.skipIf(!MANIFEST)('the new screens against the node: payments, a ruling, the guardian, history and charts', () => {
  it('a payment down the chain: the supplier pays its own supplier, named in its address book, with a reference', async () => {
    await as('Bob');
    await tab('pay');
    const book = page.getByTestId('address-book');
    await book.getByTestId('book-address').fill(addr.Charlie);
    await book.getByTestId('book-name').fill('Charlie Farms');
    await book.getByTestId('book-save').click();
    await hasText(book.getByTestId(`book-${addr.Charlie}`), 'Charlie Farms');
    const card = page.getByTestId('pay');
    await card.getByTestId('pay-to').fill(addr.Charlie);
    await hasText(card.getByTestId('pay-to-name'), 'Charlie Farms');
    // Inline refusals before anything is signed.
    const requests = wallet.requests;
    await card.getByTestId('pay-amount').fill('1,000.50');
    await hasText(card.getByTestId('pay-amount-error'), 'no commas');
    await card.getByTestId('pay-amount').fill('1000.5000000000000000001');
    await hasText(card.getByTestId('pay-amount-error'), 'more than 18 decimals');
    await card.getByTestId('pay-amount').fill('99999999');
    await hasText(card.getByTestId('pay-amount-error'), 'More than your balance.');
    await card.getByTestId('pay-reference').fill('é'.repeat(33));
    await hasText(card.getByTestId('pay-reference-error'), 'at most 64');
    expect(await card.getByTestId('pay-submit').isDisabled()).toBe(true);
    expect(wallet.requests).toBe(requests);
    await card.getByTestId('pay-amount').fill('1000.50');
    await card.getByTestId('pay-reference').fill('PO-77 green coffee');
    await as('Charlie');
    const charlieBefore = await balanceNow();
    await as('Bob');
    await tab('pay');
    // Switching accounts kept the tab but not the form: enter it again.
    await card.getByTestId('pay-to').fill(addr.Charlie);
    await card.getByTestId('pay-amount').fill('1000.50');
    await card.getByTestId('pay-reference').fill('PO-77 green coffee');
    const before = await balanceNow();
    await shot(page, 'pay');
    await card.getByTestId('pay-submit').click();
    // Off while it runs: no second payment.
    expect(await card.getByTestId('pay-submit').isDisabled()).toBe(true);
    await expectFinal(card);
    await expect.poll(async () => Math.round((before - (await balanceNow())) * 100), { timeout: 30_000, interval: 300 }).toBe(100_050);
    await as('Charlie');
    await expect.poll(async () => Math.round(((await balanceNow()) - charlieBefore) * 100), { timeout: 30_000, interval: 300 }).toBe(100_050);
  });

  it('the payment is in the payer’s history (decoded from the stablecoin’s Transfer event), under the payee’s name', async () => {
    await as('Bob');
    await tab('history');
    const table = page.getByTestId('history-table');
    await table.waitFor({ timeout: 120_000 });
    await hasText(table, 'Charlie Farms', 120_000);
    await hasText(table, 'value: 1,000.5');
  });

  it('an unpledged invoice paid on chain: the debtor approves the vault and pays its holder', async () => {
    const id = await confirmedInvoice('500', 'BOB-INV-PAID');
    await as('Bob');
    const bobBefore = await balanceNow();
    await as('Dave');
    await tab('debtor');
    const row = page.getByTestId(`invoice-${id}`);
    const pay = row.getByTestId('pay-on-chain');
    // USD at 1.00 (upper): 500 × 1 = 500.00, to Bob who holds the NFT.
    await hasText(pay.getByTestId('pay-on-chain-amount'), '500.00 TUSD');
    await shot(page, 'debtor-pay-on-chain');
    await pay.getByTestId('pay-on-chain-submit').click();
    await expectFinal(row);
    await hasExactText(row.getByTestId('invoice-status'), 'Settled', 30_000);
    await as('Bob');
    await expect.poll(async () => Math.round(((await balanceNow()) - bobBefore) * 100), { timeout: 30_000, interval: 300 }).toBe(50_000);
  });

  it('an arbiter ruling: a pledged invoice its buyer disputed is ruled valid and is Confirmed again', async () => {
    const id = await confirmedInvoice('3000', 'BOB-INV-DISPUTED');
    await as('Bob');
    const pos = await openPosition('invoices');
    await deposit(pos, id);
    // 3 000 due in 73 days lends about 1 960: 500 is a healthy loan (a ratio chart to draw).
    const r = await borrow(pos, '500');
    expect(r.phase, r.text).toBe('finalized');
    await as('Dave');
    await tab('debtor');
    const row = page.getByTestId(`invoice-${id}`);
    await row.getByTestId('dispute').click();
    // Irreversible: a second click confirms it.
    await row.getByTestId('confirm-dispute').click();
    await expectFinal(row);
    await hasExactText(row.getByTestId('invoice-status'), 'Disputed', 30_000);
    await fundNative(addr.Arbiter);
    await as('Arbiter');
    await tab('arbiter');
    const card = page.getByTestId('arbiter-disputes');
    await hasText(card.getByTestId('arbiter-account'), 'that is you');
    const dispute = card.getByTestId(`dispute-${id}`);
    await hasText(dispute, `pledged in position ${pos}`);
    await shot(page, 'arbiter');
    await dispute.getByTestId('rule-valid').click();
    await expectFinal(card);
    await expect.poll(() => dispute.count(), { timeout: 30_000, interval: 300 }).toBe(0);
    await as('Dave');
    await tab('debtor');
    await hasExactText(page.getByTestId(`invoice-${id}`).getByTestId('invoice-status'), 'Confirmed', 30_000);
  });

  it('the guardian pauses and unpauses the vault; every contract runs the code this source builds to', async () => {
    await as('Ferdie');
    await tab('guardian');
    for (const c of ['stablecoin', 'receivable_registry', 'price_oracle', 'collateral_vault', 'liquidation_engine'])
      await hasAttr(page.getByTestId(`verified-${c}`), 'data-verified', 'true', 60_000);
    const card = page.getByTestId('guardian');
    await card.getByTestId('pause-vault').click();
    await expectFinal(card);
    await page.getByTestId('paused-banner').waitFor({ timeout: 30_000 });
    await hasExactText(card.getByTestId('vault-state'), 'paused');
    await shot(page, 'guardian-settings');
    // A borrow while paused is refused before signing.
    await as('Bob');
    await tab('supplier');
    const requests = wallet.requests;
    const pos = await newestId('position-');
    const posCard = page.getByTestId(`position-${pos}`);
    await posCard.getByTestId('borrow-amount').fill('10');
    await hasText(posCard.getByTestId('preview').filter({ hasText: 'Would be refused' }), 'paused');
    if (!(await posCard.getByTestId('borrow-submit').isDisabled())) {
      await posCard.getByTestId('borrow-submit').click();
      const r = await txEnd(posCard);
      expect(r.phase).toBe('refused');
      expect(r.text).toContain('paused');
    }
    expect(wallet.requests).toBe(requests);
    // The guardian may only pause: unpausing is the administrator's (the deployer, Alice), and
    // the guardian is refused before signing.
    await as('Ferdie');
    await tab('guardian');
    const before = wallet.requests;
    await card.getByTestId('unpause-vault').click();
    const refusal = await txEnd(card);
    expect(refusal.phase).toBe('refused');
    expect(refusal.text).toContain('administrator');
    expect(wallet.requests).toBe(before);
    await as('Alice');
    await tab('guardian');
    await card.getByTestId('unpause-vault').click();
    await expectFinal(card);
    await expect.poll(() => page.getByTestId('paused-banner').count(), { timeout: 30_000 }).toBe(0);
    await hasExactText(card.getByTestId('vault-state'), 'running');
  });

  it('charts: price history, the supplier’s collateral ratio with its liquidation line, the auction curve', async () => {
    await as('Bob');
    await tab('history');
    const charts = page.getByTestId('charts');
    // COFFEE went 2.00 → 1.20 in the first part: both answers are in the blocks scanned.
    await charts.getByTestId('price-chart-COFFEE').waitFor({ timeout: 120_000 });
    await expect.poll(() => charts.getByTestId('price-chart-COFFEE').locator('circle').count(), { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(2);
    // The liquidation line is a horizontal path: no height, so never "visible" to Playwright.
    await charts.locator('[data-testid^="ratio-chart-"] [data-testid="liquidation-line"]').first().waitFor({ state: 'attached', timeout: 30_000 });
    await shot(page, 'history-charts');
    await as('Charlie');
    await tab('keeper');
    await shot(page, 'keeper-housekeeping');
  });
});
