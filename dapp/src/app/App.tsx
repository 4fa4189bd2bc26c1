import { useCallback, useEffect, useMemo, useState } from 'react';
import { encodeAddress } from 'dedot/utils';
import { ClientConnectionStatus, useContract, useTypink } from 'typink';
import type { CollateralVaultContractApi } from '../contracts/types/collateral-vault';
import type { ConditionMonitorContractApi } from '../contracts/types/condition-monitor';
import type { CreditPricerContractApi } from '../contracts/types/credit-pricer';
import type { LiquidationEngineContractApi } from '../contracts/types/liquidation-engine';
import type { PriceOracleContractApi } from '../contracts/types/price-oracle';
import type { ReceivableRegistryContractApi } from '../contracts/types/receivable-registry';
import type { StablecoinContractApi } from '../contracts/types/stablecoin';
import { ContractId } from '../contracts';
import { checkChain, type Manifest, WrongNetworkError } from '../lib/manifest';
import { usablePrice } from '../lib/risk';
import { formatDuration } from '../lib/units';
import { Ctx } from './context';
import { loadSnapshot, type Snapshot, type Suite } from './suite';
import { Amount, Banner, short, TxLogPanel } from './ui';
import { PanelBoundary } from './ErrorBoundary';
import { SupplierScreen } from './screens/Supplier';
import { DebtorScreen } from './screens/Debtor';
import { AttesterScreen } from './screens/Attester';
import { KeeperScreen } from './screens/Keeper';
import { RiskScreen } from './screens/Risk';
import { PayScreen } from './screens/Pay';
import { ArbiterScreen } from './screens/Arbiter';
import { AdminScreen } from './screens/Admin';
import { HistoryScreen } from './screens/History';
import { NamesProvider } from './names';
import { recordSnapshot } from './observed';

const ROLES = [
  { id: 'supplier', label: 'Supplier', Screen: SupplierScreen },
  { id: 'debtor', label: 'Debtor', Screen: DebtorScreen },
  { id: 'attester', label: 'Warehouse / carrier', Screen: AttesterScreen },
  { id: 'keeper', label: 'Keeper', Screen: KeeperScreen },
  { id: 'risk', label: 'Underwriter & risk desk', Screen: RiskScreen },
  { id: 'pay', label: 'Pay', Screen: PayScreen },
  { id: 'arbiter', label: 'Arbiter', Screen: ArbiterScreen },
  { id: 'guardian', label: 'Guardian & settings', Screen: AdminScreen },
  { id: 'history', label: 'History & charts', Screen: HistoryScreen },
] as const;
type RoleId = (typeof ROLES)[number]['id'];

/** How long to wait for the node before saying it cannot be reached (the client keeps trying). */
const UNREACHABLE_AFTER_MS = 12_000;

export function App({ manifest, nodeUrl }: { manifest: Manifest; nodeUrl: string }) {
  const { ready, client, connectionStatus, network, wallets, connectWallet, accounts, connectedAccount, setConnectedAccount, disconnect } = useTypink();
  const status = connectionStatus.get(network.id);
  const [slow, setSlow] = useState(false);
  const [chainError, setChainError] = useState<Error>();
  const initialRole = (new URLSearchParams(location.search).get('role') as RoleId) ?? 'supplier';
  const [role, setRole] = useState<RoleId>(ROLES.some((r) => r.id === initialRole) ? initialRole : 'supplier');

  useEffect(() => {
    if (ready) return setSlow(false);
    const t = setTimeout(() => setSlow(true), UNREACHABLE_AFTER_MS);
    return () => clearTimeout(t);
  }, [ready]);

  useEffect(() => {
    if (!ready || !client) return;
    (client as any).rpc
      .system_chain()
      .then((chain: string) => {
        checkChain(manifest, chain, (client as any).genesisHash ?? null);
        setChainError(undefined);
      })
      .catch((e: Error) => setChainError(e));
  }, [ready, client, manifest]);

  const { contract: vault } = useContract<CollateralVaultContractApi>(ContractId.VAULT);
  const { contract: registry } = useContract<ReceivableRegistryContractApi>(ContractId.REGISTRY);
  const { contract: oracle } = useContract<PriceOracleContractApi>(ContractId.ORACLE);
  const { contract: coin } = useContract<StablecoinContractApi>(ContractId.STABLECOIN);
  const engineDeployed = !!manifest.contracts.liquidation_engine;
  const { contract: engine } = useContract<LiquidationEngineContractApi>(engineDeployed ? ContractId.ENGINE : ContractId.VAULT);
  // The condition monitor and the credit pricer, when the deployment has them (hooks run always: the vault stands in).
  const monitorDeployed = !!manifest.contracts.condition_monitor;
  const { contract: monitor } = useContract<ConditionMonitorContractApi>(monitorDeployed ? ContractId.MONITOR : ContractId.VAULT);
  const pricerDeployed = !!manifest.contracts.credit_pricer;
  const { contract: pricer } = useContract<CreditPricerContractApi>(pricerDeployed ? ContractId.PRICER : ContractId.VAULT);
  const suite: Suite | undefined = useMemo(
    () =>
      vault && registry && oracle && coin
        ? {
            vault,
            registry,
            oracle,
            coin,
            engine: engineDeployed ? engine : undefined,
            monitor: monitorDeployed ? monitor : undefined,
            pricer: pricerDeployed ? pricer : undefined,
          }
        : undefined,
    [vault, registry, oracle, coin, engine, engineDeployed, monitor, monitorDeployed, pricer, pricerDeployed],
  );

  const [snap, setSnap] = useState<Snapshot>();
  const [loadError, setLoadError] = useState<string>();
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  // One spelling of addresses throughout (SS58 prefix 42), whatever prefix the wallet uses.
  const account = connectedAccount ? encodeAddress(connectedAccount.address, 42) : undefined;
  useEffect(() => {
    if (!suite || chainError) return;
    let live = true;
    loadSnapshot(suite, manifest, account)
      .then((s) => live && (setSnap(s), setLoadError(undefined)))
      .catch((e: Error) => live && setLoadError(e.message));
    const t = setTimeout(refresh, 6_000);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [suite, manifest, account, tick, chainError, refresh]);

  // The ratio charts' points: every snapshot this session saw.
  useEffect(() => {
    if (snap) recordSnapshot(snap);
  }, [snap]);

  const unreachable = !ready && (slow || status === ClientConnectionStatus.Error);
  const Screen = ROLES.find((r) => r.id === role)!.Screen;

  return (
    <NamesProvider network={manifest.network} manifestNames={manifest.names}>
    <div className="app">
      <header>
        <div>
          <h1>Supply-chain finance</h1>
          <span className="muted" data-testid="network">
            {manifest.network} · {manifest.chain} · {nodeUrl} · {ready ? 'connected' : unreachable ? 'unreachable' : 'connecting…'}
          </span>
        </div>
        <div className="wallet" data-testid="wallet">
          {accounts.length === 0 ? (
            wallets.map((w) => (
              <button key={w.id} disabled={!w.installed} onClick={() => connectWallet(w.id)} data-testid={`connect-${w.id}`} title={w.installed ? '' : 'not installed'}>
                Connect {w.name}
              </button>
            ))
          ) : (
            <>
              <select
                data-testid="account"
                value={connectedAccount?.address ?? ''}
                onChange={(e) => {
                  const a = accounts.find((x) => x.address === e.target.value);
                  if (a) setConnectedAccount(a);
                }}>
                <option value="">choose an account</option>
                {accounts.map((a) => (
                  <option key={a.address} value={a.address}>
                    {a.name ?? short(a.address)} · {short(a.address)}
                  </option>
                ))}
              </select>
              {/* Only the chosen account's balance: the previous one's is gone until it loads. */}
              {snap?.balanceWad !== undefined && snap.account === account && (
                <span data-testid="balance" data-account={account}>
                  <Amount wad={snap.balanceWad} unit={manifest.unitKey} />
                </span>
              )}
              <button onClick={() => disconnect()}>Disconnect</button>
            </>
          )}
        </div>
      </header>
      <nav>
        {ROLES.map((r) => (
          <button key={r.id} className={r.id === role ? 'active' : ''} onClick={() => setRole(r.id)} data-testid={`tab-${r.id}`}>
            {r.label}
          </button>
        ))}
      </nav>
      {unreachable && (
        <Banner kind="error" testid="node-unreachable">
          <strong>Cannot reach the node at {nodeUrl}.</strong> The dApp needs a running node with the suite deployed (deployment “{manifest.network}”). Start the node
          (bash scripts/live-node.sh), or open the dApp with <code>?node=ws://host:port</code>. Still trying…
        </Banner>
      )}
      {chainError && (
        <Banner kind="error" testid="wrong-chain">
          <strong>{chainError.message}</strong> {chainError instanceof WrongNetworkError ? chainError.hint : ''}
        </Banner>
      )}
      {loadError && <Banner kind="error" testid="load-error">Could not read the contracts: {loadError}</Banner>}
      {snap && <Banners snap={snap} unit={manifest.unitKey} />}
      {suite && snap ? (
        <Ctx.Provider value={{ manifest, suite, snap, account, refresh }}>
          {!account && <Banner kind="info">Connect a wallet (polkadot-js, SubWallet or Talisman) and choose an account to act; everything is readable without one.</Banner>}
          <main data-testid={`screen-${role}`}>
            <PanelBoundary key={role} title={`The ${ROLES.find((r) => r.id === role)!.label} screen`}>
              <Screen />
            </PanelBoundary>
          </main>
          <TxLogPanel />
        </Ctx.Provider>
      ) : (
        !unreachable && !chainError && <p className="muted">Loading the suite…</p>
      )}
      <footer className="muted">
        Amounts in {manifest.unitKey}, 18 decimals, shown truncated to cents (amounts to pay rounded up). Contracts: vault {short(manifest.contracts.collateral_vault.address)}
        {manifest.contracts.liquidation_engine ? `, engine ${short(manifest.contracts.liquidation_engine.address)}` : ''}.
      </footer>
    </div>
    </NamesProvider>
  );
}

function Banners({ snap, unit }: { snap: Snapshot; unit: string }) {
  const stale = Object.entries(snap.priceInfo).filter(([k]) => k !== unit && 'reason' in usablePrice(snap.market, k, snap.nowMs));
  return (
    <>
      {snap.paused && (
        <Banner kind="warn" testid="paused-banner">
          <strong>The vault is paused.</strong> Borrowing, withdrawing collateral and liquidations are stopped; repaying, depositing and paying invoices still work.
        </Banner>
      )}
      {stale.length > 0 && (
        <Banner kind="warn" testid="stale-banner">
          <strong>Prices not usable:</strong>{' '}
          {stale
            .map(([k, v]) => {
              const q = v.quote;
              if (v.suspended) return `${k} is suspended (a large move awaits confirmation)`;
              if (v.paused) return `${k} is paused`;
              if (!q.ok) return `${k} has no price (${q.reason})`;
              return `${k} is stale (last update ${formatDuration(snap.nowMs - q.updatedAtMs)} ago)`;
            })
            .join('; ')}
          . Borrowing and withdrawing against them are stopped until reporters update them; repaying still works.
        </Banner>
      )}
    </>
  );
}
