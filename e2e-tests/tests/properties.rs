//! Property tests: random sequences of operations by several actors on the compiled contracts,
//! with the system's invariants checked after every step.
//!
//! `PROPTEST_CASES` sets the number of sequences (CI default below); a failing sequence shrinks to a
//! short, readable list of `Op`s.
use collateral_vault::{Books, Position, VaultError};
use drink::AccountId32;
use e2e_tests::chain::ink_id;
use e2e_tests::suite::*;

use primitive_types::U256;
use proptest::prelude::*;
use scf_interfaces::{
    price_key, Asset, AssetId, AssetKind, AssetStatus, GoodsTerms, InvoiceTerms, PriceKey,
    RegistryError, WAD,
};
use std::collections::{HashMap, HashSet};

const SUPPLIERS: usize = 3;
const DEBTORS: usize = 3;
const DEFAULT_CASES: u32 = 12;
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
    /// Move a price by `pct` % (−60 … +60) from the latest answer,
    /// by one reporter, or by both (the move quorum). Beyond the oracle's 50 % guard from its
    /// anchor, one reporter suspends the key (borrowing and withdrawing against it stop); both
    /// move it.
    MovePrice { key: u8, pct: i8, quorum: bool },
    /// Let time pass (prices re-posted).
    Wait { hours: u16 },
    /// The debtor of the supplier's first invoice pays it (face × its currency's price).
    Settle { supplier: usize },
    /// A keeper liquidates a position.
    Liquidate { supplier: usize, goods: bool },
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
        (s.clone(), any::<bool>()).prop_map(|(supplier, goods)| Op::Liquidate { supplier, goods }),
        Just(Op::Take),
        Just(Op::TogglePause),
        (0..DEBTORS, 10..200u16)
            .prop_map(|(debtor, limit_k)| Op::ApproveDebtor { debtor, limit_k }),
        (0..DEBTORS).prop_map(|debtor| Op::SuspendDebtor { debtor }),
        Just(Op::ToggleAttester),
        (s, 1..60u16).prop_map(|(supplier, face_k)| Op::SelfDealing { supplier, face_k }),
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
    /// (invoice position, goods position) per supplier.
    positions: Vec<(u64, u64)>,
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
    nfts: Vec<(Option<AccountId32>, Option<Asset>)>,
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
        s.fund_stable(&buyer, wad(200_000));
        let positions = suppliers
            .iter()
            .map(|a| (s.open(a, INVOICE_CLASS), s.open(a, GOODS_CLASS)))
            .collect();
        let mut w = World {
            s,
            suppliers,
            alts,
            debtors,
            keeper,
            buyer,
            positions,
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
            self.s.vault.clone(),
        ]);
        all
    }

    fn snapshot(&mut self, assets: &[AssetId]) -> Snapshot {
        let holders = self.holders();
        let ids: Vec<u64> = self.positions.iter().flat_map(|(a, b)| [*a, *b]).collect();
        let r = self.s.registry.clone();
        Snapshot {
            books: self.s.books(),
            supply: self.s.supply(),
            balances: holders.iter().map(|h| self.s.balance(h)).collect(),
            positions: ids.into_iter().map(|p| self.s.position(p)).collect(),
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
                    self.s.post_price(key, next).expect("a reporter submits");
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
                let terms = match self.s.asset(id).kind {
                    AssetKind::Invoice(t) => t,
                    _ => unreachable!("invoice class"),
                };
                let debtor = self
                    .debtors
                    .iter()
                    .find(|d| terms.debtor == ink_id(d))
                    .cloned()
                    .expect("a known debtor");
                // The debtor owes face × the currency's price now.
                let due: Result<u128, VaultError> = self.vault_as(&debtor, "settlement_amount", id);
                let due = due.map_err(err)?;
                if terms.currency == USD || terms.currency == EURO {
                    let price = self.s.price(terms.currency).expect("fresh").price_wad;
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
            Op::Liquidate { supplier, goods } => {
                let (k, pos) = (self.keeper.clone(), pos_of(supplier, goods));
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
                        return self.s.restart_auction(&keeper, id).map(|_| None).map_err(err);
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
                // Nothing is auctioned that has no value: an auction always has a reserve.
                if let Some(a) = auction {
                    assert!(a.start_price_wad > 0 && a.floor_wad > 0, "{a:?}");
                }
            }
        }
        // 5. Trust: every unit in circulation is backed by debt drawn against invoices of debtors
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
