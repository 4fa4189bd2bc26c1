import { annualFeeWad } from '../../lib/fees';
import { verifyContracts, verifyFacets, type Verdict } from '../../lib/verify';
import { formatDuration, formatPercent, formatUnits, priceKey, U128_MAX } from '../../lib/units';
import { BUNDLED_HASHES } from '../../contracts';
import { useApp } from '../context';
import { useGovernance, type Governance } from '../governance';
import { Amount, Dl, Section, short, TxStatus } from '../ui';
import { useTx } from '../useTx';

/** The guardian's pause, the code verification, and every setting, read-only. */
export function AdminScreen() {
  const gov = useGovernance();
  return (
    <>
      <Verification gov={gov} />
      <GuardianPanel gov={gov} />
      <Settings gov={gov} />
    </>
  );
}

function VerdictRow({ v, testid }: { v: Verdict; testid: string }) {
  return (
    <tr data-testid={testid} data-verified={v.ok ? 'true' : 'false'}>
      <td>{v.what}</td>
      <td className={v.ok ? '' : 'error'}>{v.text}</td>
    </tr>
  );
}

export function Verification({ gov }: { gov?: Governance }) {
  const { manifest } = useApp();
  if (!gov) return <Section title="Verified code" testid="verification"><p className="muted">Reading the code hashes from the chain…</p></Section>;
  const built: Record<string, string | undefined> = {};
  for (const name of Object.keys(manifest.contracts)) built[name] = BUNDLED_HASHES[name as keyof typeof BUNDLED_HASHES];
  const contracts = verifyContracts(gov.chainHashes as Record<string, string | undefined>, built);
  const facetRows: [string, Verdict[]][] = [];
  if (Object.keys(manifest.vaultFacets ?? {}).length) facetRows.push(['collateral_vault', verifyFacets('collateral_vault', gov.vaultFacets, manifest.vaultFacets)]);
  if (manifest.contracts.liquidation_engine && Object.keys(manifest.engineFacets ?? {}).length)
    facetRows.push(['liquidation_engine', verifyFacets('liquidation_engine', gov.engineFacets, manifest.engineFacets)]);
  return (
    <Section title="Verified code" testid="verification">
      <p className="muted">
        The code hash the chain stores for each address (pallet-contracts) against the hash of this source’s reproducible build, bundled with the dApp. The vault and the
        engine are routers: their facets (code they delegate-call) are the hashes the router answers (<code>facets()</code>) against the build’s, as the deployment
        recorded them.
      </p>
      <table>
        <tbody>
          {contracts.map((v) => (
            <VerdictRow key={v.what} v={v} testid={`verified-${v.what}`} />
          ))}
          {facetRows.flatMap(([c, vs]) => vs.map((v) => <VerdictRow key={v.what} v={v} testid={`verified-${c}-facet-${v.what.split(' ').at(-1)}`} />))}
        </tbody>
      </table>
      {facetRows.length === 0 && <p className="muted">The deployment manifest records no facet hashes: the routers’ facets are not checked.</p>}
    </Section>
  );
}

function GuardianPanel({ gov }: { gov?: Governance }) {
  const { snap, suite, account, refresh } = useApp();
  const tx = useTx(account, refresh);
  const mayPause = !!account && !!gov && (account === gov.guardian || account === gov.vaultAdmin);
  const oracleAdmin = !!account && account === gov?.oracleAdmin;
  return (
    <Section title="Guardian: pause" testid="guardian">
      <Dl
        rows={[
          ['Guardian', <span key="g" data-testid="guardian-account">{gov ? short(gov.guardian) : '…'}</span>],
          ['Vault', <span key="v" data-testid="vault-state">{snap.paused ? 'paused' : 'running'}</span>],
        ]}
      />
      <p className="muted">
        The guardian (or the vault’s administrator) pauses the vault: borrowing, withdrawing collateral and starting liquidations stop; repaying, depositing and paying
        invoices go on. The liquidation engine has no pause of its own: it stops with the vault. The oracle pauses price keys one by one (its administrator, below).
      </p>
      {account && gov && !mayPause && <p className="muted" data-testid="not-guardian">This account is not the guardian: it can read, not pause.</p>}
      <div className="actions-inline">
        <button data-testid="pause-vault" disabled={!mayPause || snap.paused} onClick={() => tx.run([{ label: 'Pause the vault', contract: suite.vault as never, errorEnum: 'VaultError', fn: 'pause', args: [] }])}>
          Pause the vault
        </button>
        <button data-testid="unpause-vault" disabled={!mayPause || !snap.paused} onClick={() => tx.run([{ label: 'Unpause the vault', contract: suite.vault as never, errorEnum: 'VaultError', fn: 'unpause', args: [] }])}>
          Unpause the vault
        </button>
      </div>
      <table>
        <thead>
          <tr>
            <th>Price key</th>
            <th>State</th>
            <th>Oracle administrator: {gov ? short(gov.oracleAdmin) : '…'}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(snap.priceInfo).map(([k, v]) => (
            <tr key={k} data-testid={`key-pause-${k}`}>
              <td>{k}</td>
              <td>{v.paused ? 'paused' : v.suspended ? 'suspended' : 'running'}</td>
              <td>
                <button
                  disabled={!oracleAdmin}
                  onClick={() =>
                    tx.run([{ label: `${v.paused ? 'Unpause' : 'Pause'} ${k}`, contract: suite.oracle as never, errorEnum: 'OracleError', fn: v.paused ? 'unpauseKey' : 'pauseKey', args: [priceKey(k)] }])
                  }>
                  {v.paused ? 'Unpause' : 'Pause'} {k}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <TxStatus state={tx.state} />
    </Section>
  );
}

function Settings({ gov }: { gov?: Governance }) {
  const { snap, manifest } = useApp();
  const unit = manifest.unitKey;
  const limit = snap.classes.find((c) => c.liquidationLimits)?.liquidationLimits;
  return (
    <Section title="Settings (read-only)" testid="settings">
      <p className="muted" data-testid="settings-readonly">
        Read-only: these are changed by the contracts’ administrators with the deploy CLI (<code>scf-deploy</code>), not from the dApp.
      </p>
      <h3>Accounts</h3>
      <Dl
        rows={[
          ['Vault administrator', short(gov?.vaultAdmin)],
          ['Guardian (pause)', short(gov?.guardian)],
          ['Arbiter (disputes)', gov ? (gov.arbiter ? short(gov.arbiter) : 'none') : '…'],
          ['Engine administrator', short(gov?.engineAdmin)],
          ['Registry administrator', short(gov?.registryAdmin)],
          ['Oracle administrator', short(gov?.oracleAdmin)],
          ['Stablecoin administrator', short(gov?.coinAdmin)],
          ['Underwriters (deployment)', manifest.underwriters.map((u) => short(u)).join(', ') || '—'],
        ]}
      />
      <h3>Vault</h3>
      <Dl
        rows={[
          ['Unit (1:1)', unit],
          ['Global debt ceiling', <Amount key="g" wad={snap.globalDebtCeilingWad} unit={unit} />],
          ['Surplus buffer', <Amount key="b" wad={snap.surplusBufferWad} unit={unit} />],
          ['Max price age', formatDuration(snap.market.maxPriceAgeMs)],
        ]}
      />
      <table data-testid="settings-classes">
        <thead>
          <tr>
            <th>Class</th>
            <th>Keys</th>
            <th>Min ratio</th>
            <th>Fee/year</th>
            <th>Ceiling</th>
            <th>Per buyer</th>
            <th>Dust</th>
            <th>Discount/yr</th>
            <th>Grace</th>
            <th>Goods haircut</th>
            <th>Auction start × / duration</th>
            <th>Penalty</th>
            <th>Liquidation limit</th>
          </tr>
        </thead>
        <tbody>
          {snap.classes.map((c) => (
            <tr key={c.id} data-testid={`settings-class-${c.id}`}>
              <td>
                {c.name} ({c.kind})
              </td>
              <td>{c.priceKeys.join(', ')}</td>
              <td>{formatPercent(c.risk.liquidationRatioWad)} %</td>
              <td>{formatPercent(annualFeeWad(c.risk.feePerSecondRay))} %</td>
              <td><Amount wad={c.risk.debtCeilingWad} unit={unit} /></td>
              <td><Amount wad={c.risk.debtorLimitWad} unit={unit} /></td>
              <td><Amount wad={c.risk.dustWad} unit={unit} /></td>
              <td>{formatPercent(c.risk.discountRateAnnualWad)} %</td>
              <td>{formatDuration(c.risk.gracePeriodMs)}</td>
              <td>{formatPercent(c.risk.goodsHaircutWad)} %</td>
              <td>
                {formatUnits(c.auctionStartMultiplierWad, { fraction: 2 })} / {formatDuration(c.auctionDurationMs)}
              </td>
              <td>{formatPercent(c.liquidationPenaltyWad)} %</td>
              <td>{c.liquidationLimits?.classHoleWad === undefined ? 'none' : <Amount wad={c.liquidationLimits.classHoleWad} unit={unit} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Oracle keys and guards</h3>
      <table data-testid="settings-oracle">
        <thead>
          <tr>
            <th>Key</th>
            <th>Reporters / quorum / move quorum</th>
            <th>Guard</th>
            <th>Anchor interval</th>
            <th>Max age</th>
            <th>Paused</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(snap.priceInfo).map(([k, v]) => (
            <tr key={k} data-testid={`settings-key-${k}`}>
              <td>{k}</td>
              <td>
                {v.reporters ?? '?'} / {v.quorum ?? '?'} / {v.moveQuorum ?? '?'}
              </td>
              <td>{v.maxDeviationBps !== undefined ? `${v.maxDeviationBps / 100} %` : '—'}</td>
              <td>{gov?.keyExtras[k]?.anchorIntervalMs !== undefined ? formatDuration(gov.keyExtras[k].anchorIntervalMs!) : '—'}</td>
              <td>{v.maxAgeMs !== undefined ? formatDuration(v.maxAgeMs) : '—'}</td>
              <td>{v.paused ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Liquidation engine</h3>
      {manifest.contracts.liquidation_engine ? (
        <Dl
          rows={[
            ['Liquidation limit (all classes)', limit ? (limit.holeWad === U128_MAX ? 'none' : <Amount key="h" wad={limit.holeWad} unit={unit} />) : '—'],
            ['Recovery period (until write-off)', gov?.recoveryPeriodMs !== undefined ? formatDuration(gov.recoveryPeriodMs) : '—'],
            ['Auction reserve (of start price)', gov?.auctionCuspWad !== undefined ? `${formatPercent(gov.auctionCuspWad)} %` : '—'],
            ['Keeper reward', snap.keeperReward ? <span key="k"><Amount wad={snap.keeperReward.tipWad} unit={unit} /> + {formatPercent(snap.keeperReward.chipWad)} % of the debt</span> : '—'],
          ]}
        />
      ) : (
        <p className="muted">No liquidation engine in this deployment.</p>
      )}
    </Section>
  );
}
