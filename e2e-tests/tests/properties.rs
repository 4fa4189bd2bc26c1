//! Property tests: random sequences of operations by several actors on the compiled contracts
//! (the vault, the liquidation engine, the registry, the oracle and the stablecoin), with the
//! system's invariants checked after every step.
//!
//! `PROPTEST_CASES` sets the number of sequences (CI default below); a failing sequence shrinks to a
//! short, readable list of `Op`s.
use collateral_vault::{Books, ClassParams, Hold, Pledge, Position, Proceeds, Release, VaultError};
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;
use liquidation_engine::{Auction, EngineError, Liquidation, Recovery};

use primitive_types::U256;
use proptest::prelude::*;
use scf_interfaces::{
    price_key, Asset, AssetId, AssetKind, AssetKindCode, AssetStatus, GoodsTerms, InvoiceTerms,
    PriceKey, RegistryError, TransitTerms, Wad, WAD,
};
use std::collections::{HashMap, HashSet};

const SUPPLIERS: usize = 3;
const DEBTORS: usize = 3;
const DEFAULT_CASES: u32 = 12;
/// The kinds of forbidden call `Op::Attack` tries.
const ATTACKS: u8 = 10;
/// The second invoice currency, at a price other than 1 (posted at 1.08 by the suite).
const EURO: PriceKey = price_key("EUR");

#[derive(Debug, Clone)]
enum Op {
    /// Supplier pledges a fresh invoice (face in thousands, in USD or EUR) due in `days`, owed by
    /// debtor `debtor` (who confirms it).
    PledgeInvoice {
        supplier: usize,
        debtor: usize,
        face_k: u16,
        days: u16,
        eur: bool,
    },
    /// Supplier pledges a fresh coffee receipt of `kg_k` thousand kg, if the warehouse can attest.
    PledgeCoffee { supplier: usize, kg_k: u16 },
    /// Borrow `pct` % of the position's current capacity (above 100 % must be refused).
    Borrow {
        supplier: usize,
        goods: bool,
        pct: u8,
    },
    /// Repay `pct` % of the supplier's balance against the position.
    Repay {
        supplier: usize,
        goods: bool,
        pct: u8,
    },
    /// Withdraw the position's `index`-th NFT.
    Withdraw {
        supplier: usize,
        goods: bool,
        index: u8,
    },
    /// Move a price by `pct` % (−60 … +60) from the latest answer, by two of the three
    /// reporters, or by all three (the move quorum). Within the oracle's 20 % guard from its
    /// anchor two move the answer (the median); beyond it two suspend the key (borrowing and
    /// withdrawing against it stop) and all three move it. (One reporter alone never moves it:
    /// `differential.rs` and `edges.rs` play that.)
    MovePrice { key: u8, pct: i8, quorum: bool },
    /// Let time pass (prices re-posted).
    Wait { hours: u16 },
    /// The debtor of the supplier's first invoice pays it (face × its currency's price).
    Settle { supplier: usize },
    /// A keeper liquidates a position: the supplier's invoice (0), goods (1) or transit (2) one.
    Liquidate { supplier: usize, kind: u8 },
    /// A buyer takes the oldest open auction at its current price.
    Take,
    /// The guardian toggles the pause.
    TogglePause,
    /// The underwriter approves a debtor (or changes its limit / reinstates it).
    ApproveDebtor { debtor: usize, limit_k: u16 },
    /// The underwriter suspends a debtor.
    SuspendDebtor { debtor: usize },
    /// The admin revokes or re-grants the warehouse's attester role.
    ToggleAttester,
    /// The attack: a supplier names a second account of its own as debtor, that account
    /// confirms, and the supplier pledges the invoice and tries to borrow against it.
    SelfDealing { supplier: usize, face_k: u16 },
    /// The debtor of one of the supplier's pledged invoices (in its position or seized) disputes it.
    Dispute { supplier: usize },
    /// The arbiter rules on the first disputed pledged invoice: valid or void.
    Rule { valid: bool },
    /// The debtor pays the first invoice in recovery, through the engine.
    PayRecovery,
    /// Anyone writes off the first recovery not yet written off.
    WriteOff,
    /// Supplier pledges a fresh shipment of `kg_k` thousand kg of coffee in transit to the
    /// warehouse, attested by the carrier.
    PledgeShipment { supplier: usize, kg_k: u16 },
    /// The destination warehouse attests arrival of the first pledged shipment (`pct` % received).
    Arrive { pct: u8 },
    /// Someone sends `units` of stablecoin to the vault outside the protocol; a keeper skims it.
    Skim { units: u16 },
    /// An attacker calls what it may not: the vault's custody messages (engine only), the
    /// engine's admin and arbiter messages, the vault's admin and underwriter messages.
    Attack { target: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    let s = 0..SUPPLIERS;
    prop_oneof![
        (s.clone(), 0..DEBTORS, 1..60u16, 1..120u16, any::<bool>()).prop_map(
            |(supplier, debtor, face_k, days, eur)| Op::PledgeInvoice {
                supplier,
                debtor,
                face_k,
                days,
                eur,
            }
        ),
        (s.clone(), 1..20u16).prop_map(|(supplier, kg_k)| Op::PledgeCoffee { supplier, kg_k }),
        (s.clone(), any::<bool>(), 1..=110u8).prop_map(|(supplier, goods, pct)| Op::Borrow {
            supplier,
            goods,
            pct
        }),
        (s.clone(), any::<bool>(), 1..=100u8).prop_map(|(supplier, goods, pct)| Op::Repay {
            supplier,
            goods,
            pct
        }),
        (s.clone(), any::<bool>(), 0..3u8).prop_map(|(supplier, goods, index)| Op::Withdraw {
            supplier,
            goods,
            index
        }),
        (0..3u8, -60..=60i8, any::<bool>()).prop_map(|(key, pct, quorum)| Op::MovePrice {
            key,
            pct,
            quorum
        }),
        (1..2_000u16).prop_map(|hours| Op::Wait { hours }),
        s.clone().prop_map(|supplier| Op::Settle { supplier }),
        (s.clone(), 0..3u8).prop_map(|(supplier, kind)| Op::Liquidate { supplier, kind }),
        Just(Op::Take),
        Just(Op::TogglePause),
        (0..DEBTORS, 10..200u16)
            .prop_map(|(debtor, limit_k)| Op::ApproveDebtor { debtor, limit_k }),
        (0..DEBTORS).prop_map(|debtor| Op::SuspendDebtor { debtor }),
        Just(Op::ToggleAttester),
        (s.clone(), 1..60u16).prop_map(|(supplier, face_k)| Op::SelfDealing { supplier, face_k }),
        s.clone().prop_map(|supplier| Op::Dispute { supplier }),
        any::<bool>().prop_map(|valid| Op::Rule { valid }),
        Just(Op::PayRecovery),
        Just(Op::WriteOff),
        (s, 1..20u16).prop_map(|(supplier, kg_k)| Op::PledgeShipment { supplier, kg_k }),
        (50..=100u8).prop_map(|pct| Op::Arrive { pct }),
        (1..5_000u16).prop_map(|units| Op::Skim { units }),
        (0..ATTACKS).prop_map(|target| Op::Attack { target }),
    ]
}

struct World {
    s: Suite,
    suppliers: Vec<AccountId32>,
    /// Each supplier's second account: the debtor it would like to invent.
    alts: Vec<AccountId32>,
    debtors: Vec<AccountId32>,
    keeper: AccountId32,
    buyer: AccountId32,
    arbiter: AccountId32,
    carrier: AccountId32,
    attacker: AccountId32,
    /// (invoice position, goods position) per supplier.
    positions: Vec<(u64, u64)>,
    /// Each supplier's goods-in-transit position.
    transit: Vec<u64>,
    assets: Vec<AssetId>,
    paused: bool,
    /// The model of the trust rules, kept by the test from what it did, not read from the chain.
    /// Debtors the underwriter approved (and their suspension) …
    approved: HashMap<AccountId32, bool>,
    /// … whether the warehouse holds the attester role now …
    attester_active: bool,
    /// … and the goods it attested while holding it.
    attested_goods: HashSet<AssetId>,
    next_doc: u32,
}

/// Everything a refused call must leave untouched.
#[derive(Debug, PartialEq)]
struct Snapshot {
    books: Books,
    supply: u128,
    balances: Vec<u128>,
    positions: Vec<Option<Position>>,
    liquidations: Vec<(bool, Option<Liquidation>)>,
    nfts: Vec<(Option<AccountId32>, Option<Asset>)>,
    custody: Vec<(Option<Pledge>, Option<Auction>, Option<Recovery>)>,
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

impl World {
    fn new() -> World {
        let mut s = Suite::deploy();
        let suppliers: Vec<_> = (0..SUPPLIERS as u8).map(|i| s.actor(20 + i)).collect();
        let alts: Vec<_> = (0..SUPPLIERS as u8).map(|i| s.actor(30 + i)).collect();
        let debtors: Vec<_> = (0..DEBTORS as u8).map(|i| s.actor(40 + i)).collect();
        let keeper = s.actor(50);
        let buyer = s.actor(51);
        let (arbiter, carrier, attacker) = (s.actor(52), s.actor(53), s.actor(54));
        s.set_arbiter(&arbiter);
        s.set_attester(&carrier, true);
        s.fund_stable(&buyer, wad(200_000));
        let transit_class = s
            .add_class(ClassParams {
                kind: AssetKindCode::InTransit,
                goods_haircut: Wad(WAD / 10),
                grace_period_ms: 2 * 86_400_000,
                debtor_limit_wad: 0,
                ..invoice_class()
            })
            .expect("transit class");
        let positions = suppliers
            .iter()
            .map(|a| (s.open(a, INVOICE_CLASS), s.open(a, GOODS_CLASS)))
            .collect();
        let transit = suppliers.iter().map(|a| s.open(a, transit_class)).collect();
        let mut w = World {
            s,
            suppliers,
            alts,
            debtors,
            keeper,
            buyer,
            arbiter,
            carrier,
            attacker,
            positions,
            transit,
            assets: vec![],
            paused: false,
            approved: HashMap::new(),
            attester_active: true,
            attested_goods: HashSet::new(),
            next_doc: 0,
        };
        // The first debtor starts approved; the others only if the sequence approves them.
        w.apply(&Op::ApproveDebtor {
            debtor: 0,
            limit_k: 150,
        })
        .expect("underwriter approves");
        w
    }

    fn holders(&self) -> Vec<AccountId32> {
        let mut all = self.suppliers.clone();
        all.extend(self.alts.iter().cloned());
        all.extend(self.debtors.iter().cloned());
        all.extend([
            self.keeper.clone(),
            self.buyer.clone(),
            self.arbiter.clone(),
            self.carrier.clone(),
            self.attacker.clone(),
            self.s.vault.clone(),
            self.s.engine.clone(),
        ]);
        all
    }

    fn snapshot(&mut self, assets: &[AssetId]) -> Snapshot {
        let holders = self.holders();
        let ids = self.position_ids();
        let (r, v, k) = (
            self.s.registry.clone(),
            self.s.vault.clone(),
            self.keeper.clone(),
        );
        Snapshot {
            books: self.s.books(),
            supply: self.s.supply(),
            balances: holders.iter().map(|h| self.s.balance(h)).collect(),
            positions: ids.iter().map(|p| self.s.position(*p)).collect(),
            liquidations: ids
                .iter()
                .map(|p| {
                    let liquidating: bool = self.s.vault_as(&k, "is_liquidating", *p);
                    (liquidating, self.s.liquidation(*p))
                })
                .collect(),
            custody: assets
                .iter()
                .map(|&id| {
                    let pledge: Option<Pledge> = self.s.chain.call(&v, "pledge", id);
                    (pledge, self.s.auction(id), self.s.recovery(id))
                })
                .collect(),
            nfts: assets
                .iter()
                .map(|&id| {
                    let asset: Option<Asset> =
                        self.s.chain.call(&r, "ReceivableRegistry::asset", id);
                    (self.s.nft_owner(id), asset)
                })
                .collect(),
        }
    }

    fn position_ids(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self.positions.iter().flat_map(|(a, b)| [*a, *b]).collect();
        ids.extend(self.transit.iter().copied());
        ids
    }

    /// The first known NFT whose vault pledge satisfies `f`.
    fn first_pledged(&mut self, f: impl Fn(&Pledge) -> bool) -> Option<(AssetId, Pledge)> {
        let v = self.s.vault.clone();
        for id in self.assets.clone() {
            let pledge: Option<Pledge> = self.s.chain.call(&v, "pledge", id);
            if let Some(p) = pledge.filter(|p| f(p)) {
                return Some((id, p));
            }
        }
        None
    }

    /// Tops `who` up from the buyer to `amount_wad` if it holds less.
    fn top_up(&mut self, who: &AccountId32, amount_wad: u128) {
        let (have, buyer) = (self.s.balance(who), self.buyer.clone());
        if have < amount_wad {
            let top_up = (amount_wad - have).min(self.s.balance(&buyer));
            self.s.transfer_stable(&buyer, who, top_up);
        }
    }

    fn debtor_of(&self, terms: &InvoiceTerms) -> AccountId32 {
        self.debtors
            .iter()
            .find(|d| terms.debtor == ink_id(d))
            .cloned()
            .expect("a known debtor")
    }

    fn doc(&mut self) -> [u8; 32] {
        self.next_doc += 1;
        let mut h = [0xD0u8; 32];
        h[..4].copy_from_slice(&self.next_doc.to_le_bytes());
        h
    }

    /// Registers an invoice owed by `debtor`, which confirms it; returns its id.
    fn confirmed_invoice(
        &mut self,
        supplier: &AccountId32,
        debtor: &AccountId32,
        face_wad: u128,
        days: u16,
        currency: PriceKey,
    ) -> AssetId {
        let now = self.s.chain.now_ms();
        let kind = AssetKind::Invoice(InvoiceTerms {
            face_value_wad: face_wad,
            currency,
            debtor: ink_id(debtor),
            issue_date_ms: now,
            due_date_ms: now + u64::from(days) * 86_400_000,
            document_hash: self.doc(),
        });
        let id = self.s.register(supplier, kind).expect("register invoice");
        self.s
            .confirm(debtor, id, supplier, face_wad)
            .expect("the debtor confirms");
        id
    }

    fn vault_as<R: parity_scale_codec::Decode, A: parity_scale_codec::Encode>(
        &mut self,
        who: &AccountId32,
        label: &str,
        args: A,
    ) -> R {
        self.s.vault_as(who, label, args)
    }

    /// Runs one operation; returns the position an owner's successful borrow / withdraw touched
    /// (which must then be safe). Outcomes the trust rules fix are predicted and asserted here.
    fn apply(&mut self, op: &Op) -> Result<Option<u64>, String> {
        let positions = self.positions.clone();
        let pos_of = |supplier: usize, goods: bool| {
            if goods {
                positions[supplier].1
            } else {
                positions[supplier].0
            }
        };
        match *op {
            Op::PledgeInvoice {
                supplier,
                debtor,
                face_k,
                days,
                eur,
            } => {
                let (who, d) = (
                    self.suppliers[supplier].clone(),
                    self.debtors[debtor].clone(),
                );
                let currency = if eur { EURO } else { USD };
                let id = self.confirmed_invoice(
                    &who,
                    &d,
                    wad(u128::from(face_k) * 1_000),
                    days,
                    currency,
                );
                self.assets.push(id);
                let pos = self.positions[supplier].0;
                let gate = self.deposit_gate(pos, &d, currency);
                let r = self.s.deposit(&who, pos, id);
                // Prediction: an invoice whose debtor the underwriter has not approved (or has
                // suspended) is never accepted, whatever else holds.
                match (gate, self.approved.get(&d)) {
                    (Some(VaultError::Oracle(_)), _) => {
                        assert!(matches!(r, Err(VaultError::Oracle(_))), "{r:?}")
                    }
                    (Some(e), _) => assert_eq!(r, Err(e)),
                    (None, None) => assert_eq!(r, Err(VaultError::DebtorNotApproved)),
                    (None, Some(true)) => assert_eq!(r, Err(VaultError::DebtorSuspended)),
                    (None, Some(false)) => {}
                }
                r.map(|_| None).map_err(err)
            }
            Op::PledgeCoffee { supplier, kg_k } => {
                let who = self.suppliers[supplier].clone();
                let warehouse = self.s.warehouse.clone();
                let quantity = wad(u128::from(kg_k) * 1_000);
                let kind = AssetKind::WarehouseReceipt(GoodsTerms {
                    commodity: COFFEE,
                    quantity_wad: quantity,
                    warehouse: ink_id(&warehouse),
                    document_hash: self.doc(),
                });
                let id = match self.s.register(&who, kind) {
                    Ok(id) => id,
                    Err(e) => {
                        // Prediction: naming a revoked attester is refused.
                        assert!(!self.attester_active, "register refused: {e:?}");
                        assert_eq!(e, RegistryError::NotAttester);
                        return Err(err(e));
                    }
                };
                self.assets.push(id);
                let confirmed = self.s.confirm(&warehouse, id, &who, quantity);
                assert_eq!(confirmed.is_ok(), self.attester_active, "{confirmed:?}");
                confirmed.map_err(err)?;
                self.attested_goods.insert(id);
                let pos = self.positions[supplier].1;
                self.s.deposit(&who, pos, id).map(|_| None).map_err(err)
            }
            Op::Borrow {
                supplier,
                goods,
                pct,
            } => {
                let who = self.suppliers[supplier].clone();
                let pos = pos_of(supplier, goods);
                let cap = self.s.max_borrow(pos).unwrap_or(0);
                let amount = (U256::from(cap) * U256::from(pct) / U256::from(100u8))
                    .low_u128()
                    .max(1);
                let debtor = self.s.position(pos).and_then(|p| p.debtor);
                let r = self.s.borrow(&who, pos, amount);
                if r.is_ok() {
                    // Prediction: new credit against invoices only for an approved, active debtor.
                    if let Some(d) = debtor {
                        let known = self.debtors.iter().find(|a| ink_id(a) == d);
                        let suspended = known.and_then(|a| self.approved.get(a)).copied();
                        assert_eq!(suspended, Some(false), "lent against debtor {d:?}");
                    }
                }
                r.map(|_| Some(pos)).map_err(err)
            }
            Op::Repay {
                supplier,
                goods,
                pct,
            } => {
                let who = self.suppliers[supplier].clone();
                let pos = pos_of(supplier, goods);
                let amount = (U256::from(self.s.balance(&who)) * U256::from(pct)
                    / U256::from(100u8))
                .low_u128();
                self.s.repay(&who, pos, amount).map(|_| None).map_err(err)
            }
            Op::Withdraw {
                supplier,
                goods,
                index,
            } => {
                let who = self.suppliers[supplier].clone();
                let pos = pos_of(supplier, goods);
                let assets = self.s.position(pos).map(|p| p.assets).unwrap_or_default();
                let id = assets.get(usize::from(index)).copied().unwrap_or(u128::MAX);
                self.s
                    .withdraw(&who, pos, id)
                    .map(|_| Some(pos))
                    .map_err(err)
            }
            Op::MovePrice { key, pct, quorum } => {
                let key = match key {
                    0 => USD,
                    1 => COFFEE,
                    _ => EURO,
                };
                let o = self.s.oracle.clone();
                let last: Option<scf_interfaces::PriceData> =
                    self.s.chain.call(&o, "latest_answer", key);
                let last = last.expect("posted at deployment").price_wad;
                let next = (U256::from(last) * U256::from((100 + i32::from(pct)) as u32)
                    / U256::from(100u8))
                .low_u128()
                .max(1);
                // A reporter's submission is always taken; what it does to the answer is the
                // oracle's rule (move, suspend, or move by quorum).
                if quorum {
                    self.s
                        .post_price_by_quorum(key, next)
                        .expect("reporters submit");
                } else {
                    let [r1, r2, _] = self.s.reporters();
                    for r in [r1, r2] {
                        self.s.submit_as(&r, key, next).expect("a reporter submits");
                    }
                }
                Ok(None)
            }
            Op::Wait { hours } => {
                self.s.advance(u64::from(hours) * 3_600_000);
                Ok(None)
            }
            Op::Settle { supplier } => {
                let pos = self.positions[supplier].0;
                let Some(id) = self.s.position(pos).and_then(|p| p.assets.first().copied()) else {
                    return Ok(None);
                };
                let asset = self.s.asset(id);
                let terms = match asset.kind {
                    AssetKind::Invoice(t) => t,
                    _ => unreachable!("invoice class"),
                };
                let debtor = self
                    .debtors
                    .iter()
                    .find(|d| terms.debtor == ink_id(d))
                    .cloned()
                    .expect("a known debtor");
                if asset.status == AssetStatus::Disputed {
                    // Prediction: a disputed invoice is not paid through the vault until the
                    // arbiter rules it valid (and nobody tops the debtor up for it).
                    let r = self.s.settle(&debtor, id);
                    assert_eq!(r, Err(VaultError::InvalidStatus));
                    return r.map(|_| None).map_err(err);
                }
                // The debtor owes face × the currency's upper middle price now.
                let due: Result<u128, VaultError> = self.vault_as(&debtor, "settlement_amount", id);
                let due = due.map_err(err)?;
                if terms.currency == USD || terms.currency == EURO {
                    let p = self.s.price(terms.currency).expect("fresh");
                    let price = p.upper_wad.max(p.price_wad);
                    let want = (U256::from(terms.face_value_wad) * U256::from(price)
                        + U256::from(WAD - 1))
                        / U256::from(WAD);
                    assert_eq!(U256::from(due), want, "face × price, rounded up");
                }
                let buyer = self.buyer.clone();
                let have = self.s.balance(&debtor);
                if have < due {
                    let top_up = (due - have).min(self.s.balance(&buyer));
                    self.s.transfer_stable(&buyer, &debtor, top_up);
                }
                let debtor_before = self.s.balance(&debtor);
                self.s.approve_stable(&debtor, due);
                let r = self.s.settle(&debtor, id);
                if r.is_ok() {
                    assert_eq!(self.s.balance(&debtor), debtor_before - due);
                    assert_eq!(self.s.asset(id).status, AssetStatus::Settled);
                }
                r.map(|_| None).map_err(err)
            }
            Op::Liquidate { supplier, kind } => {
                let pos = match kind {
                    0 => self.positions[supplier].0,
                    1 => self.positions[supplier].1,
                    _ => self.transit[supplier],
                };
                let k = self.keeper.clone();
                self.s.liquidate(&k, pos).map(|_| None).map_err(err)
            }
            Op::Take => {
                let buyer = self.buyer.clone();
                for id in self.assets.clone() {
                    let price = self.s.auction_price(id);
                    if let Ok(Some(p)) = price {
                        return self.s.take(&buyer, id, p).map(|_| None).map_err(err);
                    }
                    if let Ok(None) = price {
                        let keeper = self.keeper.clone();
                        return self
                            .s
                            .restart_auction(&keeper, id)
                            .map(|_| None)
                            .map_err(err);
                    }
                }
                Ok(None)
            }
            Op::TogglePause => {
                // The guardian pauses; only the admin unpauses.
                let (g, a) = (self.s.guardian.clone(), self.s.admin.clone());
                if self.paused {
                    let r: Result<(), VaultError> = self.vault_as(&g, "unpause", ());
                    assert_eq!(r, Err(VaultError::NotAdmin));
                    self.vault_as::<Result<(), VaultError>, _>(&a, "unpause", ())
                        .expect("admin");
                } else {
                    self.vault_as::<Result<(), VaultError>, _>(&g, "pause", ())
                        .expect("guardian");
                }
                self.paused = !self.paused;
                Ok(None)
            }
            Op::ApproveDebtor { debtor, limit_k } => {
                let (u, d) = (self.s.underwriter.clone(), self.debtors[debtor].clone());
                let limit = wad(u128::from(limit_k) * 1_000);
                self.vault_as::<Result<(), VaultError>, _>(
                    &u,
                    "approve_debtor",
                    (ink_id(&d), limit),
                )
                .expect("the underwriter approves");
                self.approved.insert(d, false);
                Ok(None)
            }
            Op::SuspendDebtor { debtor } => {
                let (u, d) = (self.s.underwriter.clone(), self.debtors[debtor].clone());
                let r: Result<(), VaultError> = self.vault_as(&u, "suspend_debtor", ink_id(&d));
                match self.approved.get(&d) {
                    None => assert_eq!(r, Err(VaultError::DebtorNotApproved)),
                    Some(true) => assert_eq!(r, Err(VaultError::DebtorSuspended)),
                    Some(false) => {
                        assert_eq!(r, Ok(()));
                        self.approved.insert(d, true);
                    }
                }
                r.map(|_| None).map_err(err)
            }
            Op::ToggleAttester => {
                let (a, r, wh) = (
                    self.s.admin.clone(),
                    self.s.registry.clone(),
                    self.s.warehouse.clone(),
                );
                let label = if self.attester_active {
                    "revoke_attester"
                } else {
                    "grant_attester"
                };
                self.s
                    .chain
                    .call_as::<_, Result<(), RegistryError>>(&a, &r, label, ink_id(&wh))
                    .expect("admin");
                self.attester_active = !self.attester_active;
                Ok(None)
            }
            Op::Dispute { supplier } => {
                let pos = self.positions[supplier].0;
                let Some((id, pledge)) = self
                    .first_pledged(|p| p.position_id == pos && p.status == AssetStatus::Confirmed)
                else {
                    return Ok(None);
                };
                let AssetKind::Invoice(terms) = &pledge.kind else {
                    unreachable!("invoice class")
                };
                let debtor = self.debtor_of(terms);
                let past_due = self.s.chain.now_ms() > terms.due_date_ms;
                let r: Result<(), VaultError> = self.vault_as(&debtor, "dispute", id);
                // Prediction: its debtor may dispute a confirmed pledged invoice up to its due
                // date, except while it is at auction (a buyer bids on what it saw).
                if pledge.hold == Hold::Auction {
                    assert_eq!(r, Err(VaultError::InAuction));
                } else if past_due {
                    assert_eq!(r, Err(VaultError::PastDue));
                } else {
                    assert_eq!(r, Ok(()));
                    assert_eq!(self.s.asset(id).status, AssetStatus::Disputed);
                }
                r.map(|_| None).map_err(err)
            }
            Op::Rule { valid } => {
                let Some((id, _)) =
                    self.first_pledged(|p| p.status == AssetStatus::Disputed && !p.void)
                else {
                    return Ok(None);
                };
                let arbiter = self.arbiter.clone();
                let recovery = self.s.recovery(id);
                let r = self.s.resolve_dispute(&arbiter, id, valid);
                // Prediction: the arbiter rules on any disputed pledged invoice not yet ruled void;
                // valid makes it Confirmed again, void marks its recovery (if any) for an
                // immediate write-off.
                assert_eq!(r, Ok(()));
                let want = if valid {
                    AssetStatus::Confirmed
                } else {
                    AssetStatus::Disputed
                };
                assert_eq!(self.s.asset(id).status, want);
                let upheld = self.s.recovery(id).map(|r| r.dispute_upheld);
                match (recovery, valid) {
                    (Some(r), true) => assert_eq!(upheld, Some(r.dispute_upheld)),
                    (Some(_), false) => assert_eq!(upheld, Some(true)),
                    (None, _) => assert_eq!(upheld, None),
                }
                Ok(None)
            }
            Op::PayRecovery => {
                let Some((id, pledge)) = self.first_pledged(|p| {
                    p.hold == Hold::Recovery && matches!(p.kind, AssetKind::Invoice(_))
                }) else {
                    return Ok(None);
                };
                let AssetKind::Invoice(terms) = &pledge.kind else {
                    unreachable!("filtered")
                };
                let debtor = self.debtor_of(terms);
                if pledge.status == AssetStatus::Disputed {
                    // Prediction: a disputed invoice waits for the arbiter's ruling.
                    let r: Result<(), EngineError> = self.s.engine_as(&debtor, "settle", id);
                    assert_eq!(r, Err(EngineError::Vault(VaultError::InvalidStatus)));
                    return r.map(|_| None).map_err(err);
                }
                let due = self.s.settlement_amount(id).map_err(err)?;
                let buyer = self.buyer.clone();
                if self.s.balance(&debtor) + self.s.balance(&buyer) < due {
                    return Ok(None);
                }
                self.top_up(&debtor, due);
                let recovery = self.s.recovery(id).expect("in recovery");
                let before = self.s.balance(&debtor);
                let r = self.s.settle_in_recovery(&debtor, id);
                // Prediction: the debtor pays face × price; the invoice is Settled and goes back
                // to the liquidated position's owner.
                assert_eq!(r, Ok(()));
                assert_eq!(self.s.balance(&debtor), before - due);
                assert_eq!(self.s.asset(id).status, AssetStatus::Settled);
                let owner = self.s.nft_owner(id).map(|o| ink_id(&o));
                assert_eq!(owner, Some(recovery.owner));
                assert_eq!(self.s.recovery(id), None);
                Ok(None)
            }
            Op::WriteOff => {
                let mut found = None;
                for id in self.assets.clone() {
                    if let Some(r) = self.s.recovery(id).filter(|r| !r.written_off) {
                        found = Some((id, r));
                        break;
                    }
                }
                let Some((id, recovery)) = found else {
                    return Ok(None);
                };
                let now = self.s.chain.now_ms();
                let k = self.keeper.clone();
                let r = self.s.write_off(&k, id);
                // Prediction: only once the date fixed when the recovery started has come, or at
                // once for a void invoice.
                assert!(recovery.write_off_at_ms >= recovery.since_ms);
                if recovery.dispute_upheld || now >= recovery.write_off_at_ms {
                    assert_eq!(r, Ok(()));
                    assert_eq!(self.s.recovery(id).map(|r| r.written_off), Some(true));
                } else {
                    assert_eq!(r, Err(EngineError::RecoveryNotOver));
                }
                r.map(|_| None).map_err(err)
            }
            Op::PledgeShipment { supplier, kg_k } => {
                let who = self.suppliers[supplier].clone();
                let (carrier, warehouse) = (self.carrier.clone(), self.s.warehouse.clone());
                let quantity = wad(u128::from(kg_k) * 1_000);
                let now = self.s.chain.now_ms();
                let kind = AssetKind::InTransit(TransitTerms {
                    commodity: COFFEE,
                    quantity_wad: quantity,
                    carrier: ink_id(&carrier),
                    destination_warehouse: ink_id(&warehouse),
                    expected_arrival_ms: now + 5 * 86_400_000,
                    document_hash: self.doc(),
                });
                let id = self.s.register(&who, kind).map_err(err)?;
                self.assets.push(id);
                self.s
                    .confirm(&carrier, id, &who, quantity)
                    .expect("the carrier confirms");
                let pos = self.transit[supplier];
                self.s.deposit(&who, pos, id).map_err(err)?;
                // Borrow half of what it carries (unless paused), so that shipments can become
                // unsafe too.
                let half = self.s.max_borrow(pos).unwrap_or(0) / 2;
                if half > 0 && !self.paused {
                    assert_eq!(self.s.borrow(&who, pos, half), Ok(()));
                }
                Ok(Some(pos))
            }
            Op::Arrive { pct } => {
                let Some((id, pledge)) =
                    self.first_pledged(|p| matches!(p.kind, AssetKind::InTransit(_)))
                else {
                    return Ok(None);
                };
                let AssetKind::InTransit(t) = &pledge.kind else {
                    unreachable!("filtered")
                };
                let received = t.quantity_wad / 100 * u128::from(pct);
                let warehouse = self.s.warehouse.clone();
                let r: Result<(), VaultError> =
                    self.vault_as(&warehouse, "attest_arrival", (id, received));
                // Prediction: the destination warehouse (holding the attester role) turns the
                // pledged shipment into a receipt for what arrived, in place: same position,
                // same place in a liquidation.
                if self.attester_active {
                    assert_eq!(r, Ok(()));
                    let v = self.s.vault.clone();
                    let after: Option<Pledge> = self.s.chain.call(&v, "pledge", id);
                    let after = after.expect("still pledged");
                    assert_eq!(
                        (after.position_id, after.hold, after.status),
                        (pledge.position_id, pledge.hold, pledge.status)
                    );
                    assert!(
                        matches!(&after.kind, AssetKind::WarehouseReceipt(g) if g.quantity_wad == received)
                    );
                } else {
                    assert_eq!(r, Err(VaultError::Registry(RegistryError::NotAttester)));
                }
                r.map(|_| None).map_err(err)
            }
            Op::Skim { units } => {
                let amount = wad(u128::from(units));
                let (buyer, v, k) = (
                    self.buyer.clone(),
                    self.s.vault.clone(),
                    self.keeper.clone(),
                );
                if self.s.balance(&buyer) < amount {
                    return Ok(None);
                }
                let surplus = self.s.books().surplus_wad;
                self.s.transfer_stable(&buyer, &v, amount);
                let r: Result<(), VaultError> = self.vault_as(&k, "skim", ());
                // Prediction: a donation is booked into the surplus, to the unit.
                assert_eq!(r, Ok(()));
                assert_eq!(self.s.books().surplus_wad, surplus + amount);
                Ok(None)
            }
            Op::Attack { target } => self.attack(target),
            Op::SelfDealing { supplier, face_k } => {
                let (who, alt) = (
                    self.suppliers[supplier].clone(),
                    self.alts[supplier].clone(),
                );
                let face = wad(u128::from(face_k) * 1_000);
                let id = self.confirmed_invoice(&who, &alt, face, 60, USD);
                self.assets.push(id);
                let pos = self.positions[supplier].0;
                let gate = self.deposit_gate(pos, &alt, USD);
                let r = self.s.deposit(&who, pos, id);
                // Prediction: the invented debtor's invoice is never collateral.
                match gate {
                    Some(VaultError::Oracle(_)) => {
                        assert!(matches!(r, Err(VaultError::Oracle(_))), "{r:?}")
                    }
                    gate => assert_eq!(r, Err(gate.unwrap_or(VaultError::DebtorNotApproved))),
                }
                r.map(|_| None).map_err(err)
            }
        }
    }

    /// An attacker calls a message it may not; the exact refusal is predicted.
    fn attack(&mut self, target: u8) -> Result<Option<u64>, String> {
        let x = self.attacker.clone();
        let xid = ink_id(&x);
        let pos = self.positions[0].1;
        // A seized NFT if there is one, else any pledged one, else one that does not exist.
        let seized = self.first_pledged(|p| p.hold != Hold::Position);
        let victim = seized.or_else(|| self.first_pledged(|_| true));
        let id = victim.as_ref().map(|(id, _)| *id).unwrap_or(u128::MAX);
        let vault = |w: &mut World, label: &str, r: Result<(), VaultError>, want: VaultError| {
            assert_eq!(r, Err(want), "attacker's {label}");
            w.s.chain.last_events().is_empty()
        };
        let quiet = match target {
            0 => {
                let r: Result<collateral_vault::Seizure, VaultError> =
                    self.vault_as(&x, "seize", (pos, xid, wad(10_000), WAD / 20));
                vault(self, "seize", r.map(|_| ()), VaultError::NotEngine)
            }
            1 => {
                let steal = Release {
                    asset_id: id,
                    to: xid,
                    settled: false,
                    proceeds: Proceeds::default(),
                };
                let r = self.vault_as(&x, "release", (vec![steal], None::<u64>));
                vault(self, "release", r, VaultError::NotEngine)
            }
            2 => {
                // Booking proceeds that were never paid, to burn the surplus.
                let fake = Release {
                    asset_id: id,
                    to: xid,
                    settled: true,
                    proceeds: Proceeds {
                        to_loss_wad: wad(1_000),
                        ..Proceeds::default()
                    },
                };
                let r = self.vault_as(&x, "release", (vec![fake], None::<u64>));
                vault(self, "release", r, VaultError::NotEngine)
            }
            3 => {
                let end = pos;
                let r = self.vault_as(&x, "release", (Vec::<Release>::new(), Some(end)));
                vault(self, "end a liquidation", r, VaultError::NotEngine)
            }
            4 => {
                let r = self.s.resolve_dispute(&x, id, true);
                assert_eq!(r, Err(EngineError::NotArbiter));
                true
            }
            5 => {
                let r: Result<(), EngineError> = self.s.engine_as(&x, "set_arbiter", xid);
                assert_eq!(r, Err(EngineError::NotAdmin));
                true
            }
            6 => {
                let r: Result<(), EngineError> =
                    self.s
                        .engine_as(&x, "set_keeper_reward", (wad(10_000), 0u128));
                assert_eq!(r, Err(EngineError::NotAdmin));
                true
            }
            7 => {
                let r = self.vault_as(&x, "withdraw_surplus", (xid, 1u128));
                vault(self, "withdraw_surplus", r, VaultError::NotAdmin)
            }
            8 => {
                let r = self.vault_as(&x, "approve_debtor", (xid, wad(1_000_000)));
                vault(self, "approve_debtor", r, VaultError::NotUnderwriter)
            }
            _ => {
                // Disputing someone else's invoice (or a receipt).
                let r: Result<(), VaultError> = self.vault_as(&x, "dispute", id);
                match victim.as_ref().map(|(_, p)| (p.hold, &p.kind)) {
                    None => assert_eq!(r, Err(VaultError::NotPledged)),
                    Some((Hold::Auction, _)) => assert_eq!(r, Err(VaultError::InAuction)),
                    Some((_, AssetKind::Invoice(_))) => assert_eq!(r, Err(VaultError::NotDebtor)),
                    Some(_) => assert_eq!(r, Err(VaultError::NotInvoice)),
                }
                true
            }
        };
        assert!(quiet, "a refused call emitted events");
        Err(format!("attack {target} refused"))
    }

    /// The refusal a deposit of `debtor`'s invoice into `pos` meets before its debtor is looked
    /// at, if any (the vault checks in this order).
    fn deposit_gate(
        &mut self,
        pos: u64,
        debtor: &AccountId32,
        currency: PriceKey,
    ) -> Option<VaultError> {
        let liquidating: bool = self.vault_as(&self.keeper.clone(), "is_liquidating", pos);
        let p = self.s.position(pos).expect("open position");
        if liquidating {
            Some(VaultError::PositionLiquidating)
        } else if p.assets.len() >= 8 {
            Some(VaultError::PositionFull)
        } else if p.price_key.is_some_and(|k| k != currency) {
            // One price key per position.
            Some(VaultError::PriceKeyMismatch)
        } else if let Err(e) = self.s.price(currency) {
            // A deposit needs a fresh price for the NFT's key (suspended or stale: refused).
            Some(VaultError::Oracle(e))
        } else if p.debtor.is_some_and(|d| d != ink_id(debtor)) {
            Some(VaultError::DebtorMismatch)
        } else {
            None
        }
    }

    fn check_invariants(&mut self) {
        // 1. The books balance exactly (checked inside), and the vault holds its surplus.
        self.s.assert_books();
        // 2. No stablecoin from nowhere: every token is held by a known account.
        let holders = self.holders();
        let held: u128 = holders.iter().map(|h| self.s.balance(h)).sum();
        assert_eq!(held, self.s.supply(), "tokens outside the known holders");
        // 3. NFT custody: the vault holds exactly the pledged NFTs, each recorded in its position or
        //    in an auction.
        let v = self.s.vault.clone();
        for &id in &self.assets.clone() {
            let pledge: Option<collateral_vault::Pledge> = self.s.chain.call(&v, "pledge", id);
            let in_vault = self.s.nft_owner(id) == Some(v.clone());
            assert_eq!(pledge.is_some(), in_vault, "custody of NFT {id}");
            if let Some(p) = pledge {
                let in_position = self
                    .s
                    .position(p.position_id)
                    .is_some_and(|pos| pos.assets.contains(&id));
                let auction = self.s.auction(id);
                let recovery = self.s.recovery(id);
                let places = [in_position, auction.is_some(), recovery.is_some()];
                assert_eq!(
                    places.iter().filter(|p| **p).count(),
                    1,
                    "NFT {id} must be in exactly one of position / auction / recovery"
                );
                // The vault's record of where it is agrees with the engine's.
                let want = match places {
                    [true, _, _] => Hold::Position,
                    [_, true, _] => Hold::Auction,
                    _ => Hold::Recovery,
                };
                assert_eq!(p.hold, want, "NFT {id}: vault and engine disagree");
                // A seized NFT not written off belongs to its position's live liquidation.
                let written_off = recovery.as_ref().is_some_and(|r| r.written_off);
                if !in_position && !written_off {
                    let liq = self.s.liquidation(p.position_id);
                    assert!(
                        liq.is_some_and(|l| l.assets.contains(&id)),
                        "seized NFT {id} outside its liquidation"
                    );
                }
                // Nothing is auctioned that has no value: an auction always has a reserve.
                if let Some(a) = auction {
                    assert!(a.start_price_wad > 0 && a.floor_wad > 0, "{a:?}");
                }
            }
        }
        // 5. The engine never holds stablecoin (buyers and debtors pay the vault and the owner
        //    directly), and it runs a liquidation exactly while the vault has the position seized.
        let e = self.s.engine.clone();
        assert_eq!(self.s.balance(&e), 0, "the engine holds stablecoin");
        let k = self.keeper.clone();
        for pos in self.position_ids() {
            let seized: bool = self.s.vault_as(&k, "is_liquidating", pos);
            assert_eq!(seized, self.s.liquidation(pos).is_some(), "position {pos}");
        }
        // 6. Trust: every unit in circulation is backed by debt drawn against invoices of debtors
        //    the underwriter approved, or goods attested by an attester holding the role when it
        //    attested (with the books identity above, supply = that debt + surplus + bad debt).
        let approved: Vec<_> = self.approved.keys().map(ink_id).collect();
        let invented: Vec<_> = self.alts.iter().map(ink_id).collect();
        for (inv, goods) in self.positions.clone() {
            if let Some(p) = self.s.position(inv) {
                if let Some(d) = p.debtor {
                    assert!(!invented.contains(&d), "a supplier's own account as debtor");
                    if p.art > 0 {
                        assert!(approved.contains(&d), "debt against an unapproved debtor");
                    }
                }
            }
            if let Some(p) = self.s.position(goods) {
                for id in p.assets {
                    assert!(
                        self.attested_goods.contains(&id),
                        "goods {id} pledged without a valid attestation"
                    );
                }
            }
        }
    }

    /// After an owner's successful borrow or withdraw the position is safe at current prices.
    fn check_safe(&mut self, pos: u64) {
        let v = self.s.vault.clone();
        let value: Result<u128, VaultError> = self.s.chain.call(&v, "position_value", pos);
        let value = value.expect("prices were fresh for the operation");
        let debt = self.s.debt(pos);
        let class_id = self.s.position(pos).expect("position").class_id;
        let ratio = self.s.class(class_id).params.liquidation_ratio.0;
        let need = (U256::from(debt) * U256::from(ratio) + U256::from(WAD - 1)) / U256::from(WAD);
        assert!(
            need <= U256::from(value),
            "position {pos} left unsafe by its owner: debt {debt}, value {value}"
        );
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_every_step(ops in proptest::collection::vec(op(), 1..25)) {
        let mut w = World::new();
        w.check_invariants();
        for op in &ops {
            let known = w.assets.clone();
            let before = w.snapshot(&known);
            match w.apply(op) {
                Ok(Some(pos)) => w.check_safe(pos),
                Ok(None) => {}
                Err(_) => {
                    // 4. A refused call changes nothing: books, supply, balances, positions, and
                    //    the owner and record of every NFT.
                    prop_assert_eq!(&w.snapshot(&known), &before, "refused {:?} changed state", op);
                }
            }
            w.check_invariants();
        }
    }
}
