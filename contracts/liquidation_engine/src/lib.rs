//! Liquidation engine (MakerDAO's Dog + Clip): liquidates unsafe vault positions, sells their
//! NFTs in Dutch auctions with a reserve, keeps NFTs of no value in recovery, and
//! relays the arbiter's rulings on disputed invoices.
//!
//! The vault keeps custody of the NFTs and the books; it trusts this contract, and only it, to
//! seize a position, hand a seized NFT to a buyer or back to its owner, and book what each sale
//! or payment brought in (`collateral_vault::Custody`). The engine never holds stablecoin: buyers
//! and debtors pay the vault (debt and penalty) and the owner (the rest) directly.
//!
//! Where to look: auction pricing, the split of proceeds and the keeper's reward — `auction.rs`;
//! parameter bounds — `constants.rs`; one message per operation below.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
// The SCALE derive's expansion for enums with data casts variant indices to u8, which
// cargo-contract's lint pass flags in generated code; our enums have far fewer than 256 variants.
#![allow(clippy::cast_possible_truncation)]
// A facet build compiles one group of messages (see `build.rs`); the helpers the other groups use
// are then unused.
#![cfg_attr(not(engine_full), allow(dead_code, unused_imports))]

pub mod auction;
pub mod constants;
pub mod errors;
pub mod events;
pub mod types;

pub use errors::EngineError;
pub use types::*;

/// The engine's state at construction, as `Self { .. }`: the one definition that both the
/// engine's constructor and the router's (`contracts/engine_router`, which the chain runs)
/// expand, so the two can never start from different states. The admin is the caller.
#[macro_export]
macro_rules! initial_state {
    ($vault:expr, $stablecoin:expr, $facets:expr) => {
        Self {
            admin: ::scf_interfaces::Admin::new(Self::env().caller()),
            vault: $vault,
            stablecoin: $stablecoin,
            liquidations: ::ink::storage::Mapping::default(),
            liquidation_count: 0,
            claims: ::ink::storage::Mapping::default(),
            auctions: ::ink::storage::Mapping::default(),
            recoveries: ::ink::storage::Mapping::default(),
            arbiter: None,
            auction_cusp_wad: $crate::constants::DEFAULT_AUCTION_CUSP_WAD,
            recovery_period_ms: $crate::constants::DEFAULT_RECOVERY_PERIOD_MS,
            tip_wad: 0,
            chip_wad: 0,
            dirt_wad: 0,
            hole_wad: $crate::constants::DEFAULT_LIQUIDATION_LIMIT_WAD,
            class_dirt: ::ink::storage::Mapping::default(),
            class_holes: ::ink::storage::Mapping::default(),
            facets: {
                let mut facets = ::ink::storage::Lazy::new();
                facets.set(&$facets);
                facets
            },
        }
    };
}

#[ink::contract]
pub mod liquidation_engine {
    use crate::{auction, constants::*, errors::EngineError, events::*, types::*};
    use collateral_vault::{
        ClassId, Custody, PositionId, Proceeds, Release, SaleTerms, SeizedAsset,
    };
    use ink::codegen::TraitCallBuilder;
    use ink::contract_ref;
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use scf_interfaces::calls::{self, CallResult};
    use scf_interfaces::{Admin, AssetId, PSP22};

    type Result<T> = core::result::Result<T, EngineError>;
    /// A cross-contract call returning `Result<T, E>`, flattened into `EngineError`
    /// (`CallFailed` for an environment failure).
    fn checked<T, E>(r: CallResult<core::result::Result<T, E>>) -> Result<T>
    where
        EngineError: From<E>,
    {
        calls::checked(r)
    }

    fn overflow() -> EngineError {
        EngineError::Math(scf_interfaces::MathError::Overflow)
    }

    #[ink(storage)]
    pub struct LiquidationEngine {
        admin: Admin,
        vault: AccountId,
        stablecoin: AccountId,
        liquidations: Mapping<PositionId, Liquidation>,
        liquidation_count: u64,
        /// What ended liquidations with written-off NFTs are still owed, by liquidation id.
        claims: Mapping<u64, Claim>,
        auctions: Mapping<AssetId, Auction>,
        /// Liquidated NFTs of no value: kept, never auctioned.
        recoveries: Mapping<AssetId, Recovery>,
        /// Rules on debtors' disputes of pledged invoices.
        arbiter: Option<AccountId>,
        /// An auction's reserve as a fraction of its start price (its cusp).
        auction_cusp_wad: u128,
        /// How long a recovery waits for the debtor before it may be written off.
        recovery_period_ms: u64,
        /// Keeper reward: flat part and fraction of the debt, out of the penalty.
        tip_wad: u128,
        chip_wad: u128,
        /// Debt and penalty of live liquidations (MakerDAO's `Dirt`), bounded by `hole_wad`
        /// (`Hole`); per class, `class_dirt` by `class_holes` where the admin set one.
        dirt_wad: u128,
        hole_wad: u128,
        class_dirt: Mapping<ClassId, u128>,
        class_holes: Mapping<ClassId, u128>,
        /// The code of each group of messages (see `Facets`), delegate-called by the router that
        /// the chain runs at the engine's address. Set at construction, never changed. Lazy: only
        /// the router reads it, so no facet decodes it with the rest of the storage root.
        facets: Lazy<Facets>,
    }

    impl LiquidationEngine {
        #[ink(constructor)]
        pub fn new(vault: AccountId, stablecoin: AccountId, facets: Facets) -> Self {
            crate::initial_state!(vault, stablecoin, facets)
        }

        // ───────────────────────────── liquidation ─────────────────────────────

        /// Anyone may liquidate an unsafe position: the vault seizes it, its debt plus the penalty
        /// becomes the liquidation's target, each NFT with a value goes to a Dutch auction and
        /// each without one to recovery. The caller earns the keeper reward, if one is set: the
        /// vault mints it out of the penalty (see `Custody::seize`; never to the position's
        /// debtor). Refused with `LiquidationLimit` when the target would take what is at
        /// auction past the engine's limit, overall or for the class.
        #[cfg(g_liquidate)]
        #[ink(message)]
        pub fn liquidate(&mut self, position_id: PositionId) -> Result<()> {
            let keeper = self.env().caller();
            let mut vault: contract_ref!(Custody) = self.vault.into();
            let seized = checked(
                vault
                    .call_mut()
                    .seize(position_id, keeper, self.tip_wad, self.chip_wad)
                    .try_invoke(),
            )?;
            let id = self.liquidation_count.checked_add(1).ok_or(overflow())?;
            self.liquidation_count = id;
            let now = self.env().block_timestamp();
            for asset in seized.assets.iter() {
                if asset.value_wad == 0 {
                    self.start_recovery(asset, position_id, id, seized.owner, now);
                } else {
                    self.start_auction(position_id, asset, &seized.terms)?;
                }
            }
            // The reward moves from the penalty to the debt: the target stays the same.
            let reward = seized.keeper_reward_wad;
            let mut liquidation = Liquidation {
                id,
                owner: seized.owner,
                class_id: seized.class_id,
                debt_remaining_wad: seized.debt_wad.checked_add(reward).ok_or(overflow())?,
                penalty_remaining_wad: seized.penalty_wad.saturating_sub(reward),
                assets: seized.assets.iter().map(|a| a.asset_id).collect(),
                written_off: 0,
                dirt_wad: 0,
            };
            // MakerDAO's Hole/hole: liquidation debt has its own bound, overall and per class.
            let tab = liquidation
                .debt_remaining_wad
                .checked_add(liquidation.penalty_remaining_wad)
                .ok_or(overflow())?;
            let class_dirt = self.class_dirt.get(seized.class_id).unwrap_or(0);
            let over_class = self
                .class_holes
                .get(seized.class_id)
                .is_some_and(|hole| class_dirt.saturating_add(tab) > hole);
            if self.dirt_wad.saturating_add(tab) > self.hole_wad || over_class {
                return Err(EngineError::LiquidationLimit);
            }
            self.recount(&mut liquidation, false)?;
            self.env().emit_event(Liquidated {
                position_id,
                liquidation_id: id,
                keeper,
                debt_wad: liquidation.debt_remaining_wad,
                penalty_wad: liquidation.penalty_remaining_wad,
                collateral_value_wad: seized.collateral_value_wad,
                keeper_reward_wad: reward,
            });
            self.leave(position_id, liquidation, None, None)
        }

        /// Buys an NFT at its current auction price (at most `max_price_wad`). The buyer approves
        /// the engine for the price. Proceeds repay the debt, then the penalty (both paid to the
        /// vault); the rest goes to the position's owner.
        #[cfg(g_take)]
        #[ink(message)]
        pub fn take(&mut self, asset_id: AssetId, max_price_wad: u128) -> Result<()> {
            let auction = self
                .auctions
                .get(asset_id)
                .ok_or(EngineError::AuctionNotFound)?;
            let buyer = self.env().caller();
            // Its debtor never buys its own invoice: it pays what it owes (`settle`).
            if auction.debtor == Some(buyer) {
                return Err(EngineError::DebtorMustSettle);
            }
            let price = self
                .price_now(asset_id, &auction)?
                .ok_or(EngineError::AuctionExpired)?;
            if price > max_price_wad {
                return Err(EngineError::PriceAboveMax);
            }
            let position_id = auction.position_id;
            let (liq, split, proceeds) = self.pay_in(position_id, buyer, price)?;
            self.auctions.remove(asset_id);
            self.env().emit_event(AuctionTaken {
                asset_id,
                buyer,
                price_wad: price,
                to_debt_wad: split.to_debt_wad,
                to_penalty_wad: split.to_penalty_wad,
                to_owner_wad: split.to_owner_wad,
            });
            let release = Release {
                asset_id,
                to: buyer,
                settled: false,
                proceeds,
            };
            self.leave(position_id, liq, Some(asset_id), Some(release))
        }

        /// Resets an auction that needs it (its price reached the floor or its time ran out) from
        /// the NFT's current value × multiplier; an NFT now worth 0 (by status) goes to
        /// recovery instead. Also moves an NFT in recovery that has regained a value (a dispute
        /// resolved in the invoice's favour) to an auction. Anyone may call; not while the vault
        /// is paused.
        #[cfg(g_liquidate)]
        #[ink(message)]
        pub fn restart_auction(&mut self, asset_id: AssetId) -> Result<()> {
            let now = self.env().block_timestamp();
            let (position_id, from_recovery) = match self.auctions.get(asset_id) {
                Some(auction) => {
                    if auction::price_wad(&auction, now)?.is_some() {
                        return Err(EngineError::AuctionNotExpired);
                    }
                    (auction.position_id, false)
                }
                None => match self.recoveries.get(asset_id) {
                    Some(r) if !r.written_off => (r.position_id, true),
                    _ => return Err(EngineError::AuctionNotFound),
                },
            };
            let liq = self
                .liquidations
                .get(position_id)
                .ok_or(EngineError::AuctionNotFound)?;
            let mut vault: contract_ref!(Custody) = self.vault.into();
            let (asset, terms) = checked(vault.call_mut().revalue(asset_id).try_invoke())?;
            match (asset.value_wad, from_recovery) {
                (0, true) => Err(EngineError::NoValue),
                (0, false) => {
                    self.auctions.remove(asset_id);
                    self.start_recovery(&asset, position_id, liq.id, liq.owner, now);
                    Ok(())
                }
                _ => {
                    self.recoveries.remove(asset_id);
                    self.start_auction(position_id, &asset, &terms)
                }
            }
        }

        /// The debtor pays a seized invoice, at auction or in recovery (having approved the
        /// engine for the amount due: face × the currency's fresh upper price, rounded up): its
        /// debtor may always pay what it owes. The payment goes to what its liquidation is owed
        /// — while it runs, its debt then its penalty; once it has ended with a shortfall, that
        /// loss (burning bad debt, refilling the surplus that covered it) then the penalty — and
        /// the rest to the owner. An auction ends. The NFT is marked `Settled` and returned to the
        /// owner. Never paused.
        #[cfg(g_recover)]
        #[ink(message)]
        pub fn settle(&mut self, asset_id: AssetId) -> Result<()> {
            let debtor = self.env().caller();
            if let Some(auction) = self.auctions.get(asset_id) {
                return self.settle_at_auction(asset_id, auction, debtor);
            }
            let recovery = self
                .recoveries
                .get(asset_id)
                .ok_or(EngineError::NotInRecovery)?;
            let amount_due = self.amount_due(asset_id, debtor)?;
            let live = self
                .liquidations
                .get(recovery.position_id)
                .filter(|l| l.id == recovery.liquidation_id);
            let claim = match live {
                Some(_) => None,
                None => self.claims.get(recovery.liquidation_id),
            };
            let (debt, penalty) = match (&live, &claim) {
                (Some(l), _) => (l.debt_remaining_wad, l.penalty_remaining_wad),
                (None, Some(c)) => (c.debt_wad, c.penalty_wad),
                (None, None) => (0, 0),
            };
            let split = auction::split(amount_due, debt, penalty);
            let proceeds = if live.is_some() {
                Proceeds {
                    to_debt_wad: split.to_debt_wad,
                    to_penalty_wad: split.to_penalty_wad,
                    to_loss_wad: 0,
                }
            } else {
                Proceeds {
                    to_debt_wad: 0,
                    to_penalty_wad: split.to_penalty_wad,
                    to_loss_wad: split.to_debt_wad,
                }
            };
            self.collect(debtor, &proceeds, recovery.owner, split.to_owner_wad)?;
            self.recoveries.remove(asset_id);
            self.env().emit_event(RecoveryPaid {
                asset_id,
                paid_wad: amount_due,
                to_debt_wad: proceeds.to_debt_wad,
                to_penalty_wad: proceeds.to_penalty_wad,
                to_loss_wad: proceeds.to_loss_wad,
                to_owner_wad: split.to_owner_wad,
            });
            let release = Release {
                asset_id,
                to: recovery.owner,
                settled: true,
                proceeds,
            };
            if let Some(mut liq) = live {
                liq.debt_remaining_wad = liq.debt_remaining_wad.saturating_sub(split.to_debt_wad);
                liq.penalty_remaining_wad = liq
                    .penalty_remaining_wad
                    .saturating_sub(split.to_penalty_wad);
                return self.leave(recovery.position_id, liq, Some(asset_id), Some(release));
            }
            if let Some(mut c) = claim {
                c.debt_wad = c.debt_wad.saturating_sub(split.to_debt_wad);
                c.penalty_wad = c.penalty_wad.saturating_sub(split.to_penalty_wad);
                if c.debt_wad == 0 && c.penalty_wad == 0 {
                    self.claims.remove(recovery.liquidation_id);
                } else {
                    self.claims.insert(recovery.liquidation_id, &c);
                }
            }
            let mut vault: contract_ref!(Custody) = self.vault.into();
            checked(
                vault
                    .call_mut()
                    .release(ink::prelude::vec![release], None)
                    .try_invoke(),
            )
        }

        /// Arbiter: rules on a pledged invoice its debtor disputed. Valid: it is `Confirmed`
        /// again (valued, and payable by the debtor; in recovery, it can go to auction). Void:
        /// worth nothing; in recovery, it may be written off at once. A valid ruling refunds no
        /// penalty because the dispute cost the supplier none: a disputed invoice keeps its value
        /// in the safety check, so a liquidation meanwhile came from lateness or price, as it
        /// would have without the dispute — and a waiver would be a colluding debtor's gift to
        /// its supplier, paid by the system.
        #[cfg(g_recover)]
        #[ink(message)]
        pub fn resolve_dispute(&mut self, asset_id: AssetId, invoice_valid: bool) -> Result<()> {
            let caller = self.env().caller();
            if self.arbiter != Some(caller) {
                return Err(EngineError::NotArbiter);
            }
            let mut vault: contract_ref!(Custody) = self.vault.into();
            checked(
                vault
                    .call_mut()
                    .resolve_dispute(asset_id, invoice_valid)
                    .try_invoke(),
            )?;
            if let Some(mut recovery) = self.recoveries.get(asset_id) {
                if !invoice_valid {
                    recovery.dispute_upheld = true;
                    self.recoveries.insert(asset_id, &recovery);
                }
            }
            self.env().emit_event(DisputeResolved {
                asset_id,
                invoice_valid,
                arbiter: caller,
            });
            Ok(())
        }

        /// Anyone, once the recovery period is over (or at once for a void invoice): the NFT
        /// leaves its liquidation, and when nothing else is left to sell, the debt still owed
        /// becomes bad debt. The NFT stays in the vault: the debtor's later payment still heals
        /// the bad debt.
        #[cfg(g_recover)]
        #[ink(message)]
        pub fn write_off(&mut self, asset_id: AssetId) -> Result<()> {
            let mut recovery = self
                .recoveries
                .get(asset_id)
                .ok_or(EngineError::NotInRecovery)?;
            if recovery.written_off {
                return Err(EngineError::NotInRecovery);
            }
            // The date fixed when the recovery started: a later change of the period applies to
            // recoveries that start later.
            if !recovery.dispute_upheld && self.env().block_timestamp() < recovery.write_off_at_ms {
                return Err(EngineError::RecoveryNotOver);
            }
            let mut liq = self
                .liquidations
                .get(recovery.position_id)
                .ok_or(EngineError::NotInRecovery)?;
            recovery.written_off = true;
            self.recoveries.insert(asset_id, &recovery);
            liq.written_off = liq.written_off.saturating_add(1);
            self.env().emit_event(WrittenOff {
                asset_id,
                position_id: recovery.position_id,
            });
            self.leave(recovery.position_id, liq, Some(asset_id), None)
        }

        // ───────────────────────────── admin ─────────────────────────────

        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_arbiter(&mut self, arbiter: AccountId) -> Result<()> {
            self.ensure_admin()?;
            self.arbiter = Some(arbiter);
            self.env().emit_event(ArbiterChanged { arbiter });
            Ok(())
        }

        /// An auction's reserve as a fraction of its start price, and how long a recovery waits
        /// before a write-off.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_recovery_params(
            &mut self,
            auction_cusp_wad: u128,
            recovery_period_ms: u64,
        ) -> Result<()> {
            self.ensure_admin()?;
            if !(MIN_AUCTION_CUSP_WAD..=MAX_AUCTION_CUSP_WAD).contains(&auction_cusp_wad)
                || !(MIN_RECOVERY_PERIOD_MS..=MAX_RECOVERY_PERIOD_MS).contains(&recovery_period_ms)
            {
                return Err(EngineError::InvalidParams);
            }
            self.auction_cusp_wad = auction_cusp_wad;
            self.recovery_period_ms = recovery_period_ms;
            self.env().emit_event(RecoveryParamsChanged {
                auction_cusp_wad,
                recovery_period_ms,
            });
            Ok(())
        }

        /// The keeper reward: `tip_wad` + `chip_wad` × debt per liquidation, out of its penalty.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_keeper_reward(&mut self, tip_wad: u128, chip_wad: u128) -> Result<()> {
            self.ensure_admin()?;
            if tip_wad > MAX_TIP_WAD || chip_wad > MAX_CHIP_WAD {
                return Err(EngineError::InvalidParams);
            }
            self.tip_wad = tip_wad;
            self.chip_wad = chip_wad;
            self.env()
                .emit_event(KeeperRewardChanged { tip_wad, chip_wad });
            Ok(())
        }

        /// The most debt and penalty that may be at auction or in recovery at once, across all
        /// classes (MakerDAO's `Hole`). It bounds new liquidations only.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_liquidation_limit(&mut self, limit_wad: u128) -> Result<()> {
            self.ensure_admin()?;
            self.hole_wad = limit_wad;
            self.env().emit_event(LiquidationLimitChanged {
                class_id: None,
                limit_wad,
            });
            Ok(())
        }

        /// The same bound for one class (MakerDAO's `hole`).
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_class_liquidation_limit(
            &mut self,
            class_id: ClassId,
            limit_wad: u128,
        ) -> Result<()> {
            self.ensure_admin()?;
            self.class_holes.insert(class_id, &limit_wad);
            self.env().emit_event(LiquidationLimitChanged {
                class_id: Some(class_id),
                limit_wad,
            });
            Ok(())
        }

        #[cfg(g_admin)]
        #[ink(message)]
        pub fn transfer_admin(&mut self, new_admin: AccountId) -> Result<()> {
            let event = self.admin.start_transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        #[cfg(g_admin)]
        #[ink(message)]
        pub fn accept_admin(&mut self) -> Result<()> {
            let event = self.admin.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        // ───────────────────────────── reads ─────────────────────────────

        #[cfg(g_views)]
        #[ink(message)]
        pub fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        /// (vault, stablecoin)
        #[cfg(g_views)]
        #[ink(message)]
        pub fn contracts(&self) -> (AccountId, AccountId) {
            (self.vault, self.stablecoin)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn liquidation(&self, position_id: PositionId) -> Option<Liquidation> {
            self.liquidations.get(position_id)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn auction(&self, asset_id: AssetId) -> Option<Auction> {
            self.auctions.get(asset_id)
        }

        /// The auction's current price, what `take` charges; `None` once it must be restarted.
        /// An invoice's is never below what its debtor owes now (see `price_now`).
        #[cfg(g_views)]
        #[ink(message)]
        pub fn auction_price(&self, asset_id: AssetId) -> Result<Option<u128>> {
            let auction = self
                .auctions
                .get(asset_id)
                .ok_or(EngineError::AuctionNotFound)?;
            self.price_now(asset_id, &auction)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn recovery(&self, asset_id: AssetId) -> Option<Recovery> {
            self.recoveries.get(asset_id)
        }

        /// What an ended liquidation with written-off NFTs is still owed.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn claim(&self, liquidation_id: u64) -> Option<Claim> {
            self.claims.get(liquidation_id)
        }

        /// (arbiter, auction cusp, recovery period)
        #[cfg(g_views)]
        #[ink(message)]
        pub fn recovery_params(&self) -> (Option<AccountId>, u128, u64) {
            (self.arbiter, self.auction_cusp_wad, self.recovery_period_ms)
        }

        /// (tip, chip)
        #[cfg(g_views)]
        #[ink(message)]
        pub fn keeper_reward(&self) -> (u128, u128) {
            (self.tip_wad, self.chip_wad)
        }

        /// (limit, debt and penalty counted against it) overall, and for `class_id` (its limit,
        /// if set, and its count).
        #[cfg(g_views)]
        #[ink(message)]
        pub fn liquidation_limits(&self, class_id: ClassId) -> (u128, u128, Option<u128>, u128) {
            (
                self.hole_wad,
                self.dirt_wad,
                self.class_holes.get(class_id),
                self.class_dirt.get(class_id).unwrap_or(0),
            )
        }

        /// The code hash of each facet the router delegate-calls (see `Facets`), so that anyone
        /// can check the engine's code against a build.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn facets(&self) -> Option<Facets> {
            self.facets.get()
        }

        // ───────────────────────────── internals ─────────────────────────────

        fn ensure_admin(&self) -> Result<()> {
            Ok(self.admin.ensure(self.env().caller())?)
        }

        /// Puts a seized NFT to a Dutch auction from its value × the multiplier, with its reserve
        /// at the cusp. An invoice's auction never starts, and never sells, below what its debtor
        /// owes: a claim sold for less would let the debtor (through any account of its own) buy
        /// its debt back at a discount taken from the supplier or the system. An invoice nobody
        /// buys at that price waits for its debtor's payment, or for recovery once it has no
        /// value left.
        fn start_auction(
            &mut self,
            position_id: PositionId,
            asset: &SeizedAsset,
            terms: &SaleTerms,
        ) -> Result<()> {
            // Saturates rather than fails: an auction of an astronomically valued NFT must still
            // start (the position must always be liquidatable); the price only falls from there.
            let start = auction::start_price_wad(asset.value_wad, terms.auction_start_multiplier.0)
                .max(asset.owed_wad);
            let floor = auction::floor_wad(start, self.auction_cusp_wad)?.max(asset.owed_wad);
            let now = self.env().block_timestamp();
            self.auctions.insert(
                asset.asset_id,
                &Auction {
                    position_id,
                    start_price_wad: start,
                    floor_wad: floor,
                    started_at_ms: now,
                    duration_ms: terms.auction_duration_ms,
                    debtor: asset.debtor,
                },
            );
            self.env().emit_event(AuctionStarted {
                asset_id: asset.asset_id,
                position_id,
                start_price_wad: start,
                floor_wad: floor,
                started_at_ms: now,
            });
            Ok(())
        }

        /// What `take` charges now: the Dutch price, and for an invoice at least what its debtor
        /// owes now (face × the currency's fresh upper price, as `settle` charges it). The
        /// reserve fixed at the start is what was owed then; a rise of the currency since
        /// belongs to the supplier and the system, not to a buyer (who may be the debtor's
        /// friend). Fails closed, with the vault's error, when that price cannot be read.
        fn price_now(&self, asset_id: AssetId, auction: &Auction) -> Result<Option<u128>> {
            let Some(price) = auction::price_wad(auction, self.env().block_timestamp())? else {
                return Ok(None);
            };
            let Some(debtor) = auction.debtor else {
                return Ok(Some(price));
            };
            Ok(Some(price.max(self.amount_due(asset_id, debtor)?)))
        }

        /// What `debtor` owes now on a seized invoice, as the vault prices it (face × the
        /// currency's fresh upper price, rounded up): what `settle` charges it and the least
        /// `take` charges a buyer.
        fn amount_due(&self, asset_id: AssetId, debtor: AccountId) -> Result<u128> {
            let vault: contract_ref!(Custody) = self.vault.into();
            checked(vault.call().amount_due(asset_id, debtor).try_invoke())
        }

        /// Keeps a seized NFT of no sale value in recovery, its write-off date fixed now (at once
        /// for an invoice the arbiter already ruled void, whenever that ruling came).
        fn start_recovery(
            &mut self,
            asset: &SeizedAsset,
            position_id: PositionId,
            liquidation_id: u64,
            owner: AccountId,
            now: u64,
        ) {
            self.recoveries.insert(
                asset.asset_id,
                &Recovery {
                    position_id,
                    liquidation_id,
                    owner,
                    since_ms: now,
                    write_off_at_ms: now.saturating_add(self.recovery_period_ms),
                    dispute_upheld: asset.void,
                    written_off: false,
                },
            );
            self.env().emit_event(RecoveryStarted {
                asset_id: asset.asset_id,
                position_id,
            });
        }

        /// The debtor pays what it owes on an invoice at auction: the auction ends, the
        /// payment goes to the liquidation's debt, then its penalty, the rest to the owner.
        fn settle_at_auction(
            &mut self,
            asset_id: AssetId,
            auction: Auction,
            debtor: AccountId,
        ) -> Result<()> {
            let amount_due = self.amount_due(asset_id, debtor)?;
            let position_id = auction.position_id;
            let (liq, split, proceeds) = self.pay_in(position_id, debtor, amount_due)?;
            self.auctions.remove(asset_id);
            self.env().emit_event(AuctionSettled {
                asset_id,
                debtor,
                paid_wad: amount_due,
                to_debt_wad: split.to_debt_wad,
                to_penalty_wad: split.to_penalty_wad,
                to_owner_wad: split.to_owner_wad,
            });
            let release = Release {
                asset_id,
                to: liq.owner,
                settled: true,
                proceeds,
            };
            self.leave(position_id, liq, Some(asset_id), Some(release))
        }

        /// `payer` pays `amount_wad` for an NFT of the live liquidation of `position_id` (a sale
        /// at auction, or its debtor's payment there): its debt, then its penalty, to the vault,
        /// the rest to the owner. Returns the liquidation as it now stands, the split and the
        /// proceeds for the vault to book.
        fn pay_in(
            &mut self,
            position_id: PositionId,
            payer: AccountId,
            amount_wad: u128,
        ) -> Result<(Liquidation, auction::Split, Proceeds)> {
            let mut liq = self
                .liquidations
                .get(position_id)
                .ok_or(EngineError::AuctionNotFound)?;
            let split = auction::split(
                amount_wad,
                liq.debt_remaining_wad,
                liq.penalty_remaining_wad,
            );
            let proceeds = Proceeds {
                to_debt_wad: split.to_debt_wad,
                to_penalty_wad: split.to_penalty_wad,
                to_loss_wad: 0,
            };
            self.collect(payer, &proceeds, liq.owner, split.to_owner_wad)?;
            liq.debt_remaining_wad = liq.debt_remaining_wad.saturating_sub(split.to_debt_wad);
            liq.penalty_remaining_wad = liq
                .penalty_remaining_wad
                .saturating_sub(split.to_penalty_wad);
            Ok((liq, split, proceeds))
        }

        /// Brings what `liq` counts against the liquidation limits to its debt and penalty
        /// remaining (0 once `ended`).
        fn recount(&mut self, liq: &mut Liquidation, ended: bool) -> Result<()> {
            let now = if ended {
                0
            } else {
                liq.debt_remaining_wad
                    .checked_add(liq.penalty_remaining_wad)
                    .ok_or(overflow())?
            };
            let class_dirt = self.class_dirt.get(liq.class_id).unwrap_or(0);
            let class_dirt = class_dirt
                .checked_sub(liq.dirt_wad)
                .and_then(|d| d.checked_add(now))
                .ok_or(overflow())?;
            self.dirt_wad = self
                .dirt_wad
                .checked_sub(liq.dirt_wad)
                .and_then(|d| d.checked_add(now))
                .ok_or(overflow())?;
            if class_dirt == 0 {
                self.class_dirt.remove(liq.class_id);
            } else {
                self.class_dirt.insert(liq.class_id, &class_dirt);
            }
            liq.dirt_wad = now;
            Ok(())
        }

        /// `payer` pays the debt, penalty and bad-debt parts to the vault and the rest to
        /// `owner`, from its allowance to the engine.
        fn collect(
            &mut self,
            payer: AccountId,
            proceeds: &Proceeds,
            owner: AccountId,
            to_owner_wad: u128,
        ) -> Result<()> {
            let mut coin: contract_ref!(PSP22) = self.stablecoin.into();
            let to_vault = proceeds.total_wad().ok_or(overflow())?;
            for (to, amount) in [(self.vault, to_vault), (owner, to_owner_wad)] {
                if amount > 0 {
                    checked(
                        coin.call_mut()
                            .transfer_from(payer, to, amount, Vec::new())
                            .try_invoke(),
                    )?;
                }
            }
            Ok(())
        }

        /// `left` (if any) leaves its liquidation — sold, paid or written off — with `release`, the
        /// vault's side of it (none for a write-off: the NFT stays in the vault). The liquidation
        /// ends once its target is met or nothing is left in it: the NFTs still in it go back to
        /// the owner, the debt left uncovered becomes bad debt, and what written-off NFTs may
        /// still bring in is recorded as a claim. One call into the vault does all of it.
        fn leave(
            &mut self,
            position_id: PositionId,
            mut liq: Liquidation,
            left: Option<AssetId>,
            release: Option<Release>,
        ) -> Result<()> {
            if let Some(asset_id) = left {
                liq.assets.retain(|a| *a != asset_id);
            }
            let mut releases: Vec<Release> = release.into_iter().collect();
            let target_met = liq.debt_remaining_wad == 0 && liq.penalty_remaining_wad == 0;
            let end = if target_met || liq.assets.is_empty() {
                for asset_id in liq.assets.iter() {
                    self.auctions.remove(*asset_id);
                    self.recoveries.remove(*asset_id);
                    releases.push(Release {
                        asset_id: *asset_id,
                        to: liq.owner,
                        settled: false,
                        proceeds: Proceeds::default(),
                    });
                    self.env().emit_event(AuctionCancelled {
                        asset_id: *asset_id,
                        returned_to: liq.owner,
                    });
                }
                if liq.written_off > 0 && !target_met {
                    self.claims.insert(
                        liq.id,
                        &Claim {
                            debt_wad: liq.debt_remaining_wad,
                            penalty_wad: liq.penalty_remaining_wad,
                        },
                    );
                    self.env().emit_event(ClaimRecorded {
                        liquidation_id: liq.id,
                        position_id,
                        debt_wad: liq.debt_remaining_wad,
                        penalty_wad: liq.penalty_remaining_wad,
                    });
                }
                self.recount(&mut liq, true)?;
                self.liquidations.remove(position_id);
                Some(position_id)
            } else {
                self.recount(&mut liq, false)?;
                self.liquidations.insert(position_id, &liq);
                None
            };
            if releases.is_empty() && end.is_none() {
                return Ok(());
            }
            let mut vault: contract_ref!(Custody) = self.vault.into();
            checked(vault.call_mut().release(releases, end).try_invoke())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::test;

        type Env = ink::env::DefaultEnvironment;

        fn accounts() -> test::DefaultAccounts<Env> {
            test::default_accounts::<Env>()
        }

        /// An engine deployed by alice (admin) for vault django and stablecoin eve.
        fn engine() -> LiquidationEngine {
            let a = accounts();
            test::set_caller::<Env>(a.alice);
            LiquidationEngine::new(
                a.django,
                a.eve,
                Facets::from_hashes([1, 2, 3, 4, 5].map(|b| [b; 32].into())),
            )
        }

        fn events() -> usize {
            test::recorded_events().count()
        }

        #[ink::test]
        fn constructor_records_admin_contracts_and_defaults() {
            let a = accounts();
            let e = engine();
            assert_eq!(e.admin(), a.alice);
            assert_eq!(e.contracts(), (a.django, a.eve));
            assert_eq!(
                e.recovery_params(),
                (None, DEFAULT_AUCTION_CUSP_WAD, DEFAULT_RECOVERY_PERIOD_MS)
            );
            assert_eq!(e.keeper_reward(), (0, 0));
            assert_eq!(e.facets().map(|f| f.hashes()[4]), Some([5; 32].into()));
        }

        #[ink::test]
        fn only_the_admin_sets_parameters_within_bounds() {
            let a = accounts();
            let mut e = engine();
            let before = events();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(e.set_arbiter(a.charlie), Err(EngineError::NotAdmin));
            assert_eq!(
                e.set_recovery_params(MIN_AUCTION_CUSP_WAD, MIN_RECOVERY_PERIOD_MS),
                Err(EngineError::NotAdmin)
            );
            assert_eq!(e.set_keeper_reward(0, 0), Err(EngineError::NotAdmin));
            assert_eq!(e.set_liquidation_limit(0), Err(EngineError::NotAdmin));
            assert_eq!(
                e.set_class_liquidation_limit(0, 0),
                Err(EngineError::NotAdmin)
            );
            assert_eq!(
                e.liquidation_limits(0),
                (DEFAULT_LIQUIDATION_LIMIT_WAD, 0, None, 0)
            );
            test::set_caller::<Env>(a.alice);
            for (cusp, period) in [
                (MIN_AUCTION_CUSP_WAD - 1, MIN_RECOVERY_PERIOD_MS),
                (MAX_AUCTION_CUSP_WAD + 1, MIN_RECOVERY_PERIOD_MS),
                (MIN_AUCTION_CUSP_WAD, MIN_RECOVERY_PERIOD_MS - 1),
                (MIN_AUCTION_CUSP_WAD, MAX_RECOVERY_PERIOD_MS + 1),
            ] {
                assert_eq!(
                    e.set_recovery_params(cusp, period),
                    Err(EngineError::InvalidParams)
                );
            }
            assert_eq!(
                e.set_keeper_reward(MAX_TIP_WAD + 1, 0),
                Err(EngineError::InvalidParams)
            );
            assert_eq!(
                e.set_keeper_reward(0, MAX_CHIP_WAD + 1),
                Err(EngineError::InvalidParams)
            );
            assert_eq!(events(), before);
            assert_eq!(
                e.recovery_params(),
                (None, DEFAULT_AUCTION_CUSP_WAD, DEFAULT_RECOVERY_PERIOD_MS)
            );
            assert_eq!(e.set_arbiter(a.frank), Ok(()));
            assert_eq!(
                e.set_recovery_params(MAX_AUCTION_CUSP_WAD, MAX_RECOVERY_PERIOD_MS),
                Ok(())
            );
            assert_eq!(e.set_keeper_reward(MAX_TIP_WAD, MAX_CHIP_WAD), Ok(()));
            assert_eq!(
                e.recovery_params(),
                (Some(a.frank), MAX_AUCTION_CUSP_WAD, MAX_RECOVERY_PERIOD_MS)
            );
            assert_eq!(e.keeper_reward(), (MAX_TIP_WAD, MAX_CHIP_WAD));
            assert_eq!(e.set_liquidation_limit(1_000), Ok(()));
            assert_eq!(e.set_class_liquidation_limit(2, 500), Ok(()));
            assert_eq!(e.liquidation_limits(2), (1_000, 0, Some(500), 0));
            assert_eq!(e.liquidation_limits(0), (1_000, 0, None, 0));
            assert_eq!(events(), before + 5);
        }

        #[ink::test]
        fn unknown_auctions_and_recoveries_are_refused() {
            let a = accounts();
            let mut e = engine();
            test::set_caller::<Env>(a.charlie);
            let before = events();
            assert_eq!(e.take(3, u128::MAX), Err(EngineError::AuctionNotFound));
            assert_eq!(e.restart_auction(3), Err(EngineError::AuctionNotFound));
            assert_eq!(e.auction_price(3), Err(EngineError::AuctionNotFound));
            assert_eq!(e.settle(3), Err(EngineError::NotInRecovery));
            assert_eq!(e.write_off(3), Err(EngineError::NotInRecovery));
            assert_eq!(e.resolve_dispute(3, true), Err(EngineError::NotArbiter));
            assert_eq!(e.liquidation(1), None);
            assert_eq!(e.auction(3), None);
            assert_eq!(e.recovery(3), None);
            assert_eq!(events(), before);
        }

        #[ink::test]
        fn admin_transfer_is_two_step() {
            let a = accounts();
            let mut e = engine();
            assert_eq!(e.transfer_admin(a.bob), Ok(()));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(e.accept_admin(), Err(EngineError::NotPendingAdmin));
            test::set_caller::<Env>(a.bob);
            assert_eq!(e.accept_admin(), Ok(()));
            assert_eq!(e.admin(), a.bob);
        }
    }
}
