/**
 * Bootstrap: read the deployment manifest (`./deployment.json`, or `?manifest=URL`), check it
 * (complete, addresses, network, code hashes against the bundled metadata), then connect to its
 * node through typink (dedot's legacy JSON-RPC client, which substrate-contracts-node 0.42
 * serves) and render the screens. Any problem with the manifest is shown with what to do.
 *
 * URL parameters: `manifest` (URL of the manifest), `node` (ws:// URL overriding the manifest's
 * target), `network` (refuse a manifest of another network), `role` (the first screen).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { JsonRpcApi, NetworkType, polkadotjs, subwallet, talisman, TypinkProvider, type NetworkInfo } from 'typink';
import { App } from './app/App';
import { BUNDLED_HASHES, deploymentsOf } from './contracts';
import { checkCodeHashes, ManifestError, nodeUrl, parseManifest } from './lib/manifest';
import './styles.css';

const params = new URLSearchParams(location.search);
const root = createRoot(document.getElementById('root')!);

function Fatal({ title, error }: { title: string; error: unknown }) {
  const e = error as Error;
  return (
    <div className="app">
      <header>
        <h1>Supply-chain finance</h1>
      </header>
      <div className="banner banner-error" role="alert" data-testid="manifest-error" data-error={e?.name}>
        <strong>{title}</strong> {e?.message ?? String(error)}
        {error instanceof ManifestError && <p>{error.hint}</p>}
      </div>
    </div>
  );
}

async function main() {
  const manifestUrl = params.get('manifest') ?? './deployment.json';
  let text: string;
  try {
    const res = await fetch(manifestUrl, { cache: 'no-store' });
    if (!res.ok) throw new Error(`${manifestUrl}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    text = await res.text();
  } catch (e) {
    root.render(<Fatal title="Cannot load the deployment manifest." error={e} />);
    return;
  }
  try {
    const manifest = parseManifest(text, { network: params.get('network') ?? undefined });
    const url = nodeUrl(manifest, params.get('node'));
    checkCodeHashes(manifest, BUNDLED_HASHES);
    const network: NetworkInfo = {
      id: manifest.network,
      name: `${manifest.network} (${manifest.chain})`,
      logo: '',
      providers: [url],
      symbol: 'UNIT',
      decimals: 12,
      type: NetworkType.DEVNET,
      jsonRpcApi: JsonRpcApi.LEGACY,
    };
    root.render(
      <StrictMode>
        <TypinkProvider
          appName="Supply-chain finance"
          deployments={deploymentsOf(manifest)}
          defaultCaller={manifest.deployer || undefined}
          supportedNetworks={[network]}
          defaultNetworkId={network.id}
          cacheMetadata={false}
          wallets={[polkadotjs, subwallet, talisman]}>
          <App manifest={manifest} nodeUrl={url} />
        </TypinkProvider>
      </StrictMode>,
    );
  } catch (e) {
    root.render(<Fatal title="This deployment cannot be used." error={e} />);
  }
}

main();
