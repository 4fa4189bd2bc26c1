//! Property tests: random sequences of operations by several actors on the compiled contracts,
//! with the system's invariants checked after every step.
//!
//! `PROPTEST_CASES` sets the number of sequences (CI default below); a failing sequence shrinks to a
//! short, readable list of `Op`s.
use collateral_vault::{Books, Position, VaultError};
use drink::AccountId32;
use e2e_tests::suite::*;
use primitive_types::U256;
use proptest::prelude::*;
use scf_interfaces::{AssetId, RAY, WAD};

const SUPPLIERS: usize = 3;
const DEFAULT_CASES: u32 = 12;

#[derive(Debug, Clone)]
enum Op {
    /// Supplier pledges a fresh invoice (face in thousands) due in `days`, owed by debtor `debtor`.
    PledgeInvoice {
        supplier: usize,
        debtor: usize,
        face_k: u16,
        days: u16,
    },
    /// Supplier pledges a fresh coffee receipt of `kg_k` thousand kg.
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
    /// Move a price by `pct` % (−30 … +30).
    MovePrice { coffee: bool, pct: i8 },
    /// Let time pass (prices re-posted).
    Wait { hours: u16 },
    /// The debtor of the supplier's first invoice pays it.
    Settle { supplier: usize },
    /// A keeper liquidates a position.
    Liquidate { supplier: usize, goods: bool },
    /// A buyer takes the oldest open auction at its current price.
    Take,
    /// The guardian toggles the pause.
    TogglePause,
}

fn op() -> impl Strategy<Value = Op> {
    let s = 0..SUPPLIERS;
    prop_oneof![
        (s.clone(), 0..2usize, 1..60u16, 1..120u16).prop_map(|(supplier, debtor, face_k, days)| {
            Op::PledgeInvoice {
                supplier,
                debtor,
                face_k,
                days,
            }
        }),
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
        (any::<bool>(), -30..=30i8).prop_map(|(coffee, pct)| Op::MovePrice { coffee, pct }),
        (1..2_000u16).prop_map(|hours| Op::Wait { hours }),
        s.clone().prop_map(|supplier| Op::Settle { supplier }),
        (s, any::<bool>()).prop_map(|(supplier, goods)| Op::Liquidate { supplier, goods }),
        Just(Op::Take),
        Just(Op::TogglePause),
    ]
}

struct World {
    s: Suite,
    suppliers: Vec<AccountId32>,
    debtors: Vec<AccountId32>,
    keeper: AccountId32,
    buyer: AccountId32,
    /// (invoice position, goods position) per supplier.
    positions: Vec<(u64, u64)>,
    assets: Vec<AssetId>,
    paused: bool,
}

/// Everything a refused call must leave untouched.
#[derive(Debug, PartialEq)]
struct Snapshot {
    books: Books,
    supply: u128,
    balances: Vec<u128>,
    positions: Vec<Option<Position>>,
}

impl World {
    fn new() -> World {
        let mut s = Suite::deploy();
        let suppliers: Vec<_> = (0..SUPPLIERS as u8).map(|i| s.actor(20 + i)).collect();
        let debtors = vec![s.actor(40), s.actor(41)];
        let keeper = s.actor(50);
        let buyer = s.actor(51);
        s.fund_stable(&buyer, wad(200_000));
        let positions = suppliers
            .iter()
            .map(|a| (s.open(a, INVOICE_CLASS), s.open(a, GOODS_CLASS)))
            .collect();
        World {
            s,
            suppliers,
            debtors,
            keeper,
            buyer,
            positions,
            assets: vec![],
            paused: false,
        }
    }

    fn holders(&self) -> Vec<AccountId32> {
        let mut all = self.suppliers.clone();
        all.extend(self.debtors.iter().cloned());
        all.extend([
            self.keeper.clone(),
            self.buyer.clone(),
            self.s.vault.clone(),
        ]);
        all
    }

    fn snapshot(&mut self) -> Snapshot {
        let holders = self.holders();
        let ids: Vec<u64> = self.positions.iter().flat_map(|(a, b)| [*a, *b]).collect();
        Snapshot {
            books: self.s.books(),
            supply: self.s.supply(),
            balances: holders.iter().map(|h| self.s.balance(h)).collect(),
            positions: ids.into_iter().map(|p| self.s.position(p)).collect(),
        }
    }

    /// Runs one operation; returns whether it was an owner's successful borrow / withdraw (after
    /// which the position must be safe).
    fn apply(&mut self, op: &Op) -> Result<Option<u64>, VaultError> {
        let positions = self.positions.clone();
        let pos_of = |supplier: usize, goods: bool| {
            if goods {
                positions[supplier].1
            } else {
                positions[supplier].0
            }
        };
        let s = &mut self.s;
        match *op {
            Op::PledgeInvoice {
                supplier,
                debtor,
                face_k,
                days,
            } => {
                let (who, d) = (
                    self.suppliers[supplier].clone(),
                    self.debtors[debtor].clone(),
                );
                let id = s.confirmed_invoice(
                    &who,
                    &d,
                    wad(u128::from(face_k) * 1_000),
                    u64::from(days) * 86_400_000,
                );
                self.assets.push(id);
                let pos = self.positions[supplier].0;
                s.deposit(&who, pos, id).map(|_| None)
            }
            Op::PledgeCoffee { supplier, kg_k } => {
                let who = self.suppliers[supplier].clone();
                let id = s.confirmed_coffee(&who, wad(u128::from(kg_k) * 1_000));
                self.assets.push(id);
                let pos = self.positions[supplier].1;
                s.deposit(&who, pos, id).map(|_| None)
            }
            Op::Borrow {
                supplier,
                goods,
                pct,
            } => {
                let who = self.suppliers[supplier].clone();
                let pos = pos_of(supplier, goods);
                let cap = s.max_borrow(pos).unwrap_or(0);
                let amount = (U256::from(cap) * U256::from(pct) / U256::from(100u8))
                    .low_u128()
                    .max(1);
                s.borrow(&who, pos, amount).map(|_| Some(pos))
            }
            Op::Repay {
                supplier,
                goods,
                pct,
            } => {
                let who = self.suppliers[supplier].clone();
                let pos = pos_of(supplier, goods);
                let amount =
                    (U256::from(s.balance(&who)) * U256::from(pct) / U256::from(100u8)).low_u128();
                s.repay(&who, pos, amount).map(|_| None)
            }
            Op::Withdraw {
                supplier,
                goods,
                index,
            } => {
                let who = self.suppliers[supplier].clone();
                let pos = pos_of(supplier, goods);
                let assets = s.position(pos).map(|p| p.assets).unwrap_or_default();
                let id = assets.get(usize::from(index)).copied().unwrap_or(u128::MAX);
                s.withdraw(&who, pos, id).map(|_| Some(pos))
            }
            Op::MovePrice { coffee, pct } => {
                let key = if coffee { COFFEE } else { USD };
                let last =
                    s.price(key)
                        .map(|p| p.price_wad)
                        .unwrap_or(if coffee { wad(2) } else { WAD });
                let next = (U256::from(last) * U256::from((100 + i32::from(pct)) as u32)
                    / U256::from(100u8))
                .low_u128();
                s.post_price(key, next.max(1))
                    .expect("within the 50 % guard");
                Ok(None)
            }
            Op::Wait { hours } => {
                s.advance(u64::from(hours) * 3_600_000);
                Ok(None)
            }
            Op::Settle { supplier } => {
                let pos = self.positions[supplier].0;
                let Some(&id) = s
                    .position(pos)
                    .and_then(|p| p.assets.first().copied())
                    .as_ref()
                else {
                    return Ok(None);
                };
                let terms = match s.asset(id).kind {
                    scf_interfaces::AssetKind::Invoice(t) => t,
                    _ => unreachable!("invoice class"),
                };
                let face = terms.face_value_wad;
                let debtor = self
                    .debtors
                    .iter()
                    .find(|d| terms.debtor == e2e_tests::chain::ink_id(d))
                    .cloned()
                    .expect("a known debtor");
                let buyer = self.buyer.clone();
                let have = s.balance(&debtor);
                if have < face {
                    let top_up = (face - have).min(s.balance(&buyer));
                    s.transfer_stable(&buyer, &debtor, top_up);
                }
                s.approve_stable(&debtor, face);
                s.settle(&debtor, id).map(|_| None)
            }
            Op::Liquidate { supplier, goods } => {
                let (k, pos) = (self.keeper.clone(), pos_of(supplier, goods));
                s.liquidate(&k, pos).map(|_| None)
            }
            Op::Take => {
                let v = s.vault.clone();
                let buyer = self.buyer.clone();
                for id in self.assets.clone() {
                    let price: Result<Option<u128>, VaultError> =
                        s.chain.call(&v, "auction_price", id);
                    if let Ok(Some(p)) = price {
                        return s.take(&buyer, id, p).map(|_| None);
                    }
                    if let Ok(None) = price {
                        let keeper = self.keeper.clone();
                        return s
                            .chain
                            .call_as::<_, Result<(), VaultError>>(
                                &keeper,
                                &v,
                                "restart_auction",
                                id,
                            )
                            .map(|_| None);
                    }
                }
                Ok(None)
            }
            Op::TogglePause => {
                let (g, v) = (s.guardian.clone(), s.vault.clone());
                let label = if self.paused { "unpause" } else { "pause" };
                s.chain
                    .call_as::<_, Result<(), VaultError>>(&g, &v, label, ())
                    .expect("guardian");
                self.paused = !self.paused;
                Ok(None)
            }
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
                let auction: Option<collateral_vault::Auction> =
                    self.s.chain.call(&v, "auction", id);
                assert!(
                    in_position ^ auction.is_some(),
                    "NFT {id} must be in exactly one of position / auction"
                );
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
            let before = w.snapshot();
            match w.apply(op) {
                Ok(Some(pos)) => w.check_safe(pos),
                Ok(None) => {}
                Err(_) => {
                    // 4. A refused call changes nothing.
                    prop_assert_eq!(&w.snapshot(), &before, "refused {:?} changed state", op);
                }
            }
            w.check_invariants();
        }
        let _ = RAY;
    }
}
