/**
 * The account's stablecoin balance, checked before the wallet is asked to sign an approval: an
 * approve-then-call whose call must fail for want of funds is refused here, with the figures.
 */
import { formatUnits } from './units';

/** Why `balanceWad` cannot pay `neededWad` (undefined: it can). Unknown balance: no account read yet. */
export function balanceRefusal(balanceWad: bigint | undefined, neededWad: bigint, unit: string): string | undefined {
  if (balanceWad === undefined) return 'Your stablecoin balance is not known yet: connect a wallet and wait for it to load.';
  if (balanceWad >= neededWad) return undefined;
  const short = neededWad - balanceWad;
  return `Your balance is too low: this needs ${formatUnits(neededWad, { roundUp: true })} ${unit}, you hold ${formatUnits(balanceWad)} ${unit} (${formatUnits(short, { roundUp: true })} ${unit} short). Nothing was sent to the wallet.`;
}
