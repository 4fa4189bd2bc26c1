/**
 * Every contract error in words a trade-finance user understands: one table per error enum of
 * the suite (VaultError, RegistryError, OracleError, PSP22Error, PSP34Error, MathError,
 * StablecoinError, EngineError, LangError, ConditionError, PricerError, TableError), keyed by
 * variant. `errors.test.ts` checks against the contracts' real metadata that no variant of any
 * error enum is missing here.
 *
 * A wrapped error (`Oracle(StalePrice)` in the vault) reads as its inner sentence.
 */

type Table = Record<string, string>;

const VaultError: Table = {
  NotAdmin: 'Only the vault administrator may do this.',
  NotPendingAdmin: 'Only the account nominated as the next vault administrator may accept the role.',
  NotGuardian: 'Only the guardian or the administrator may pause the vault.',
  Paused: 'The vault is paused: borrowing, withdrawing collateral and starting liquidations are stopped for now. Repaying and paying invoices still work.',
  InvalidParams: 'A collateral class parameter is outside its allowed range.',
  TooManyClasses: 'No more collateral classes can be added.',
  ClassNotFound: 'There is no such collateral class.',
  PositionNotFound: 'There is no such position (it may have been closed).',
  NotOwner: 'This position belongs to another account.',
  PositionLiquidating: 'This position is being liquidated: its collateral is at auction or in recovery and it cannot be changed.',
  PositionFull: 'The position already holds the maximum number of documents; open another position.',
  WrongAssetKind: 'This kind of document is not accepted by the position’s class (e.g. a warehouse receipt in an invoice facility).',
  AssetNotFound: 'There is no such document.',
  NotAssetOwner: 'You do not hold this document’s NFT (or have not approved the vault to take it).',
  NotConfirmed: 'Only documents confirmed by the buyer or attested by the warehouse/carrier can be pledged.',
  AssetExpired: 'The invoice is past its due date (or the shipment past its expected arrival): it can no longer be pledged.',
  DebtorMismatch: 'An invoice facility finances one buyer only: this invoice is owed by a different buyer.',
  NotPledged: 'This document is not held by the vault.',
  InAuction: 'This document is at auction and cannot be paid or withdrawn through the vault now.',
  ZeroAmount: 'Enter an amount greater than zero.',
  Unsafe: 'Refused: this would take the position below its minimum collateral ratio. Borrow less, repay first, or add collateral.',
  DebtCeiling: 'This class of collateral has reached its lending ceiling: no more can be borrowed against it for now.',
  GlobalDebtCeiling: 'The system-wide lending ceiling has been reached: no more can be borrowed for now.',
  DebtorLimit: 'The concentration limit for this buyer in this class would be exceeded: no more can be lent against its invoices here.',
  Dust: 'The remaining debt would be below the minimum loan size of this class: borrow more, or repay everything.',
  DebtOutstanding: 'The position still has debt: repay it in full before closing.',
  NotDebtor: 'Only the buyer who owes this invoice can pay it or dispute it.',
  NotInvoice: 'This applies to invoices only.',
  NotOverdue: 'The invoice is not yet past its due date plus the grace period: it cannot be marked defaulted.',
  InvalidStatus: 'The document’s current status does not allow this (e.g. it is disputed or already settled).',
  PositionSafe: 'The position is adequately collateralised: it cannot be liquidated.',
  NoDebt: 'The position has no debt to repay.',
  AuctionNotFound: 'There is no auction (or liquidation) for this document.',
  AuctionExpired: 'The auction has run out or reached its reserve: it must be restarted before anyone can buy.',
  AuctionNotExpired: 'The auction is still running: it cannot be restarted yet.',
  PriceAboveMax: 'The auction price is now above the most you agreed to pay.',
  InsufficientSurplus: 'Not enough system surplus for this withdrawal.',
  Math: 'A calculation overflowed.',
  Oracle: 'The price oracle refused:',
  Registry: 'The document registry refused:',
  Nft: 'The document NFT could not be moved:',
  Token: 'The stablecoin refused:',
  CallFailed: 'A call between the contracts failed (trap or out of gas). Try again; if it persists, report it.',
  NotUnderwriter: 'Only an underwriter may approve, limit or suspend buyers.',
  DebtorNotApproved: 'The buyer on this invoice has not been approved by an underwriter: its invoices cannot be financed.',
  DebtorSuspended: 'An underwriter has suspended this buyer: nothing new is lent against its invoices.',
  DebtorInDefault: 'This buyer has a defaulted invoice it has not paid: nothing new is lent against its invoices until it pays.',
  CreditLimit: 'Refused: this would take the buyer past the credit limit its underwriter set (all lending against its invoices counts).',
  SupplierNotAllowed: 'This class is open to listed suppliers only, and you are not on the list.',
  PriceKeyNotAccepted: 'This class does not accept documents in this currency or commodity.',
  DebtAtAuction: 'Liquidated debt is still at auction or in recovery: the surplus cannot be withdrawn yet.',
  NothingToSkim: 'There is nothing to skim: the vault holds no stablecoin beyond its recorded surplus.',
  NotDestinationWarehouse: 'Only the destination warehouse named on the shipment can attest its arrival.',
  NotArbiter: 'Only the arbiter may resolve disputes.',
  NotEngine: 'Only the liquidation engine may do this.',
  EngineAlreadySet: 'The liquidation engine has already been set.',
  NotSeized: 'This document is still in its position: it has not been seized by a liquidation.',
  InRecovery: 'This invoice is in recovery after a liquidation: pay it through the liquidation engine (the Pay button does this).',
  ProceedsNotReceived: 'The liquidation engine booked a payment the vault did not receive: nothing was changed. Report this to the operator.',
  TooManyReleases: 'Too many documents released in one step: nothing was changed. Report this to the operator.',
  NotInRecovery: 'This document is not in recovery (or was written off already).',
  RecoveryNotOver: 'The recovery period is not over yet (and no dispute was upheld): it cannot be written off.',
  NoValue: 'The document has no value to auction: it stays in recovery until paid, ruled on or written off.',
  PriceKeyMismatch: 'A position holds documents valued by one price key only (one currency or commodity): this document’s key differs from the position’s. Open another position for it.',
  PastDue: 'The invoice is past its due date: it can no longer be disputed. Unpaid, it runs to default.',
  AdminCannotUnderwrite: 'The vault administrator may not be an underwriter (and an underwriter may not become the administrator): approving buyers is not the administrator’s power.',
  NoLosses: 'This buyer has no written-off losses to clear.',
  // pay_invoice (an invoice the vault does not hold, paid on chain to its holder).
  InvoicePledged: 'This invoice is pledged in the vault: its buyer pays it through the vault’s settlement (Approve and pay), which repays the supplier’s loan first.',
  PayeeIsDebtor: 'You hold this invoice yourself: there is no one to pay.',
};

const EngineError: Table = {
  Vault: 'The vault refused:',
  Stablecoin: 'The stablecoin refused:',
  Token: 'The stablecoin refused:',
  Registry: 'The document registry refused:',
  Oracle: 'The price oracle refused:',
  Math: 'A calculation overflowed.',
  NotAdmin: 'Only the liquidation engine’s administrator may do this.',
  NotPendingAdmin: 'Only the account nominated as the next administrator may accept the role.',
  NotArbiter: 'Only the arbiter may resolve disputes.',
  Paused: 'The vault is paused: liquidations and auction restarts are stopped for now.',
  PositionSafe: 'The position is adequately collateralised: it cannot be liquidated.',
  AuctionNotFound: 'There is no auction for this document.',
  LiquidationNotFound: 'There is no liquidation for this position.',
  AuctionExpired: 'The auction has run out or reached its reserve: it must be restarted before anyone can buy.',
  AuctionNotExpired: 'The auction is still running: it cannot be restarted yet.',
  PriceAboveMax: 'The auction price is now above the most you agreed to pay.',
  NotInRecovery: 'This document is not in recovery (or was written off already).',
  RecoveryNotOver: 'The recovery period is not over yet (and no dispute was upheld): it cannot be written off.',
  NoValue: 'The document has no value to auction: it stays in recovery until paid, ruled on or written off.',
  NotDebtor: 'Only the buyer who owes this invoice can pay it.',
  NotInvoice: 'This applies to invoices only.',
  InvalidParams: 'A liquidation parameter is outside its allowed range.',
  CallFailed: 'A call between the contracts failed (trap or out of gas). Try again; if it persists, report it.',
  ZeroPrice: 'An auction cannot start at a price of zero.',
  NotVault: 'Only the vault may call this.',
  InvalidStatus: 'The document’s current status does not allow this.',
  DebtorMustSettle: 'You owe this invoice: you cannot buy it at auction. Pay what you owe instead (Debtor tab), which ends the auction.',
  LiquidationLimit: 'The liquidation engine’s limit on debt being liquidated (all classes, or this class) would be exceeded: this position can be liquidated once auctions in progress have raised enough.',
};

const RegistryError: Table = {
  NotAdmin: 'Only the registry administrator may do this.',
  NotPendingAdmin: 'Only the account nominated as the next registry administrator may accept the role.',
  AssetNotFound: 'There is no such document.',
  DuplicateDocument: 'This document has already been registered (the same file cannot be financed twice).',
  InvalidTerms: 'The terms are invalid: check the amount or quantity is above zero and the due date is after the issue date.',
  NotAuthorised: 'You are not the party named on this document (the buyer, warehouse or carrier) who may confirm, reject or dispute it.',
  NotAttester: 'The warehouse or carrier named on this document is not an approved attester.',
  NotCustodian: 'The document is pledged in the vault: only the vault can change its status now.',
  InvalidTransition: 'The document’s status does not allow this change (e.g. it is already settled or disputed).',
  WrongKind: 'This does not apply to this kind of document.',
  Overflow: 'The registry’s counter overflowed.',
  Token: 'The document NFT refused:',
  NotOwner: 'The named account does not hold this document’s NFT.',
  TermsMismatch: 'The terms you entered (supplier, amount, currency or commodity, dates, parties, document) are not this registration’s: you confirm exactly what you agreed, or nothing.',
  CustodianAlreadySet: 'The registry’s custodian (the vault) is set once and cannot be changed.',
  PastDue: 'The invoice is past its due date: it can no longer be disputed. Unpaid, it runs to default.',
};

const OracleError: Table = {
  NotAdmin: 'Only the oracle administrator may do this.',
  NotPendingAdmin: 'Only the account nominated as the next oracle administrator may accept the role.',
  NotReporter: 'You are not an authorised price reporter for this key.',
  UnknownKey: 'There is no price feed for this currency or commodity.',
  InvalidConfig: 'The price feed configuration is invalid: the quorum must be odd and at least 3, the move quorum between the quorum and 16, the guard at most 20 %, the max age and window above zero.',
  TooManyReporters: 'This price feed already has the maximum number of reporters.',
  ReporterExists: 'This account already reports this price.',
  ReporterNotFound: 'This account does not report this price.',
  ZeroPrice: 'A price of zero cannot be reported.',
  NoPrice: 'There is no price yet for this currency or commodity: borrowing, withdrawing and liquidating against it wait for one.',
  StalePrice: 'The price of this currency or commodity is stale: borrowing, withdrawing and liquidating against it are stopped until reporters update it. Repaying still works.',
  QuorumNotMet: 'Too few reporters have submitted a fresh price: an answer needs the key’s quorum (at least 3) of fresh reports.',
  DeviationTooLarge: 'The reported price moved too far from the reference price.',
  KeyPaused: 'This price feed is paused by its administrator.',
  Overflow: 'A price calculation overflowed.',
  KeySuspended: 'This price feed is suspended: a large price move awaits confirmation by more reporters. Borrowing, withdrawing and liquidating against it are stopped; repaying still works.',
};

const ConditionError: Table = {
  NotAdmin: 'Only the condition monitor’s administrator (the risk desk) may do this.',
  NotPendingAdmin: 'Only the account nominated as the next condition monitor administrator may accept the role.',
  NotAttester: 'This account does not hold the registry’s attester role: it cannot register devices or vouch for goods.',
  DeviceExists: 'This device’s public key is already registered.',
  UnknownDevice: 'There is no such device.',
  DeviceRevoked: 'This device was revoked: its reports are refused for good.',
  NotDeviceAttester: 'Only the attester that registered this device may bind, unbind or revoke it.',
  AssetNotFound: 'There is no such document.',
  NotGoods: 'Invoices have no condition: only warehouse receipts and goods in transit are monitored.',
  NotAssetAttester: 'You are not the warehouse or carrier named on these goods: only they may set their limits, bind devices or confirm their condition.',
  InvalidLimits: 'The limits are out of what a sensor can report, unordered, or none was given.',
  LimitsAlreadySet: 'This lot’s limits are already set (they are set once).',
  NoLimits: 'This lot has no limits yet: set them before binding a device.',
  AlreadyBound: 'This device already watches this lot.',
  NotBound: 'This device does not watch this lot.',
  BadSignature: 'The report is not signed by the device’s key (or is signed with the other scheme).',
  Replay: 'This report was recorded before.',
  StaleSequence: 'The report’s sequence number is not above the device’s last.',
  StaleWindow: 'The report’s window starts before the device’s last report ended.',
  BadWindow: 'The report’s window ends before it starts, or in the future.',
  BadMeasurement: 'A measurement is repeated, unordered, in the wrong unit or beyond what a sensor reports, or there are more than three.',
  UnknownAlarm: 'The report carries an alarm the monitor does not know.',
  BadLocation: 'The report’s location is not a 13-digit GLN.',
  InvalidPolicy: 'A class’s condition haircut may be at most 50 % and its longest silence from 10 minutes to 30 days.',
  NotWatched: 'Nothing to confirm: no device watches this lot yet.',
  RegistryCallFailed: 'The condition monitor could not reach the document registry. Try again; if it persists, report it.',
};

const PricerError: Table = {
  NotAdmin: 'Only the credit pricer’s administrator may do this.',
  NotPendingAdmin: 'Only the account nominated as the next credit pricer administrator may accept the role.',
  NotRiskDesk: 'Only the risk desk sets the grade tables.',
  NoBounds: 'This class has no bounds for its grade table yet: the administrator sets them first.',
  Table: 'The grade table breaks a rule:',
  TableOutsideBounds: 'The class’s current grade table is outside these bounds: change the table first.',
  CallFailed: 'The credit pricer could not reach the registry or the oracle. Try again; if it persists, report it.',
};

const TableError: Table = {
  AdvanceAboveBound: 'An advance is above the most the class’s bounds allow.',
  DiscountOutOfBounds: 'A discount rate is outside the class’s bounds.',
  NotMonotonic: 'A worse grade may not advance more, nor be discounted less, than a better one.',
  BadBounds: 'The bounds are invalid: the advance at most 100 %, and the lowest discount at most the highest.',
};

const PSP22Error: Table = {
  Custom: 'The stablecoin refused:',
  InsufficientBalance: 'Your stablecoin balance is too low for this.',
  InsufficientAllowance: 'The stablecoin allowance is too low: approve the amount first.',
  ZeroRecipientAddress: 'The stablecoin cannot be sent to the zero address.',
  ZeroSenderAddress: 'The stablecoin cannot be sent from the zero address.',
  SafeTransferCheckFailed: 'The receiving contract refused the stablecoin transfer.',
};

const PSP34Error: Table = {
  Custom: 'The document NFT refused:',
  SelfApprove: 'You cannot approve yourself.',
  NotApproved: 'The vault is not approved to take this document’s NFT: approve it first.',
  TokenExists: 'This document NFT already exists.',
  TokenNotExists: 'This document NFT does not exist.',
  SafeTransferCheckFailed: 'The receiving contract refused the document NFT.',
};

const MathError: Table = {
  Overflow: 'A calculation overflowed.',
  DivisionByZero: 'A calculation divided by zero.',
};

const StablecoinError: Table = {
  NotAdmin: 'Only the stablecoin administrator may do this.',
  NotPendingAdmin: 'Only the account nominated as the next stablecoin administrator may accept the role.',
  MinterAlreadySet: 'The stablecoin’s minter (the vault) is set once and cannot be changed.',
};

const LangError: Table = {
  CouldNotReadInput: 'The contract could not read the call (the dApp and the deployed contract disagree on its interface).',
};

/** Known custom strings (`PSP22Error::Custom("NotMinter")`, …). */
const CUSTOM: Table = {
  NotMinter: 'Only the vault may mint or burn the stablecoin.',
  NotAdmin: 'Only the administrator may do this.',
};

export const ERROR_TABLES: Record<string, Table> = {
  VaultError,
  EngineError,
  RegistryError,
  OracleError,
  PSP22Error,
  PSP34Error,
  MathError,
  StablecoinError,
  LangError,
  ConditionError,
  PricerError,
  TableError,
};

/** Which table a wrapper variant's inner value is read with. */
const INNER: Record<string, string> = {
  'VaultError.Math': 'MathError',
  'VaultError.Oracle': 'OracleError',
  'VaultError.Registry': 'RegistryError',
  'VaultError.Nft': 'PSP34Error',
  'VaultError.Token': 'PSP22Error',
  'EngineError.Vault': 'VaultError',
  'EngineError.Stablecoin': 'PSP22Error',
  'EngineError.Token': 'PSP22Error',
  'EngineError.Registry': 'RegistryError',
  'EngineError.Oracle': 'OracleError',
  'EngineError.Math': 'MathError',
  'RegistryError.Token': 'PSP34Error',
  'PricerError.Table': 'TableError',
};

/** The error enum each contract's messages return. */
export const CONTRACT_ERROR_ENUM: Record<string, string> = {
  collateral_vault: 'VaultError',
  liquidation_engine: 'EngineError',
  receivable_registry: 'RegistryError',
  price_oracle: 'OracleError',
  stablecoin: 'PSP22Error',
  condition_monitor: 'ConditionError',
  credit_pricer: 'PricerError',
};

export interface DecodedError {
  /** `Oracle.StalePrice`, `Unsafe`, `Token.Custom(NotMinter)` */
  path: string;
  sentence: string;
}

function variantOf(v: unknown): { name: string; inner?: unknown } | undefined {
  if (typeof v === 'string') return { name: v };
  if (v && typeof v === 'object' && 'type' in v && typeof (v as { type: unknown }).type === 'string') {
    const o = v as { type: string; value?: unknown };
    return { name: o.type, inner: o.value };
  }
  return undefined;
}

function customText(inner: unknown): string {
  if (typeof inner === 'string') {
    // dedot decodes a `String` as text; a `Vec<u8>` as hex.
    if (/^0x[0-9a-f]*$/i.test(inner)) {
      try {
        return new TextDecoder().decode(Uint8Array.from(inner.slice(2).match(/../g) ?? [], (h) => parseInt(h, 16)));
      } catch {
        return inner;
      }
    }
    return inner;
  }
  return String(inner);
}

/**
 * A decoded contract error (dedot's `{ type, value }` / plain string form, or a path such as
 * `Oracle.StalePrice`) in words. `enumName` is the error enum of the contract that answered.
 */
export function describeError(enumName: string, err: unknown): DecodedError {
  if (typeof err === 'string' && err.includes('.')) {
    const [head, ...rest] = err.split('.');
    return describeError(enumName, { type: head, value: rest.join('.') });
  }
  const v = variantOf(err);
  const table = ERROR_TABLES[enumName];
  if (!v || !table) return { path: JSON.stringify(err), sentence: `The contract refused the call (${safeJson(err)}).` };
  const own = table[v.name];
  if (v.name === 'Custom' || v.name === 'SafeTransferCheckFailed') {
    if (v.inner === undefined || v.inner === null) return { path: v.name, sentence: own ?? `Refused: ${v.name}.` };
    const text = customText(v.inner);
    const known = CUSTOM[text];
    return {
      path: `${v.name}(${text})`,
      sentence: known ?? `${own ?? 'Refused:'} ${text}.`,
    };
  }
  const innerEnum = INNER[`${enumName}.${v.name}`];
  if (innerEnum && v.inner !== undefined) {
    const inner = describeError(innerEnum, v.inner);
    return { path: `${v.name}.${inner.path}`, sentence: inner.sentence };
  }
  if (own) return { path: v.name, sentence: own.endsWith(':') ? `${own} (no detail).` : own };
  return { path: v.name, sentence: `The contract refused the call: ${v.name}.` };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
  } catch {
    return String(v);
  }
}

/** Short wording for the vault's refusal names used by the previews (risk.ts). */
export function describeRefusal(path: string): string {
  return describeError('VaultError', path).sentence;
}

/** Short wording for the engine's refusal paths used by the liquidation preview (`Vault.PositionSafe`, `LiquidationLimit`). */
export function describeEngineRefusal(path: string): string {
  return describeError('EngineError', path).sentence;
}
