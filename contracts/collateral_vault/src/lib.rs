//! Collateral vault: positions of receivable / goods NFTs against which the stablecoin is minted.
//!
//! Where to look:
//! * the rules themselves (valuation, fees, credit exposure), as plain Rust — `contracts/rules`
//! * how the chain runs this contract: a router delegate-calling one facet per group of messages
//!   (`#[cfg(g_<group>)]` on each message, `build.rs`, `contracts/vault_router`)
//! * valuation of collateral — `valuation.rs`
//! * stability fees and normalised debt — `fees.rs`
//! * what the liquidation engine may do with the vault's custody and books — `custody.rs`
//!   (liquidation itself, its auctions and recoveries are the `liquidation_engine` contract)
//! * parameter bounds — `constants.rs`, checked in `params.rs`
//! * the flow of each operation — the messages below, one per operation.
//!
//! Books identity (rad = wad × ray), kept exactly by every message:
//! `Σ class total_art·rate + (auction_debt + bad_debt)·RAY == stablecoin supply·RAY + pending_surplus_rad`,
//! and the vault's stablecoin balance is `surplus_wad`.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
// The SCALE derive's expansion for enums with data casts variant indices to u8, which
// cargo-contract's lint pass flags in generated code; our enums have far fewer than 256 variants.
#![allow(clippy::cast_possible_truncation)]
// A facet build compiles one group of messages (see `build.rs`); the helpers the other groups use
// are then unused.
#![cfg_attr(not(vault_full), allow(dead_code, unused_imports))]

pub mod constants;
pub mod custody;
pub mod errors;
pub mod events;
pub mod fees;
pub mod params;
pub mod types;
pub mod valuation;

pub use custody::Custody;
pub use errors::VaultError;
pub use types::*;

/// The vault's state at construction, as `Self { .. }`: the one definition that both the vault's
/// constructor and the router's (`contracts/vault_router`, which the chain runs) expand, so the
/// two can never start from different states. The admin is the caller.
#[macro_export]
macro_rules! initial_state {
    ($stablecoin:expr, $registry:expr, $oracle:expr, $guardian:expr, $ceiling_wad:expr,
     $unit_key:expr, $facets:expr, $sources:expr) => {
        Self {
            admin: ::scf_interfaces::Admin::new(Self::env().caller()),
            guardian: $guardian,
            paused: false,
            stablecoin: $stablecoin,
            registry: $registry,
            oracle: $oracle,
            classes: ::ink::storage::Mapping::default(),
            class_count: 0,
            global_debt_ceiling_wad: $ceiling_wad,
            positions: ::ink::storage::Mapping::default(),
            position_count: 0,
            pledges: ::ink::storage::Mapping::default(),
            debtor_art: ::ink::storage::Mapping::default(),
            liquidating: ::ink::storage::Mapping::default(),
            class_seized: ::ink::storage::Mapping::default(),
            debtor_seized: ::ink::storage::Mapping::default(),
            debtor_losses: ::ink::storage::Mapping::default(),
            surplus_wad: 0,
            unminted_surplus_wad: 0,
            pending_surplus_rad: 0,
            auction_debt_wad: 0,
            bad_debt_wad: 0,
            unit_key: $unit_key,
            underwriters: ::ink::storage::Mapping::default(),
            debtor_lines: ::ink::storage::Mapping::default(),
            restricted_classes: ::ink::storage::Mapping::default(),
            class_suppliers: ::ink::storage::Mapping::default(),
            max_price_age_ms: $crate::constants::DEFAULT_MAX_PRICE_AGE_MS,
            surplus_buffer_wad: 0,
            class_keys: ::ink::storage::Mapping::default(),
            engine: None,
            facets: {
                let mut lazy = ::ink::storage::Lazy::new();
                lazy.set(&$facets);
                lazy
            },
            debtor_defaults: ::ink::storage::Mapping::default(),
            condition_monitor: $sources.condition_monitor,
            credit_pricer: $sources.credit_pricer,
        }
    };
}

#[ink::contract]
pub mod collateral_vault {
    use crate::{
        constants::*,
        errors::VaultError,
        events::*,
        fees, params,
        types::*,
        valuation::{self, Purpose},
    };
    use ink::codegen::TraitCallBuilder;
    use ink::contract_ref;
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use scf_interfaces::calls::{self, CallResult};
    use scf_interfaces::math::{full_mul, mul_div_up};
    use scf_interfaces::{
        token_id, unpaid_defaults_after, Admin, AssetId, AssetKind, AssetStatus, ConditionFeed,
        CreditPricing, InvoiceRates, InvoiceTerms, OracleError, PriceData, PriceFeed, PriceKey,
        ReceivableRegistry, RegistryError, StablecoinMinter, Wad, PSP22, PSP34, RAY, WAD,
    };

    type Result<T> = core::result::Result<T, VaultError>;
    /// A cross-contract call returning `Result<T, E>`, flattened into `VaultError`
    /// (`CallFailed` for an environment failure).
    fn checked<T, E>(r: CallResult<core::result::Result<T, E>>) -> Result<T>
    where
        VaultError: From<E>,
    {
        calls::checked(r)
    }

    fn plain<T>(r: CallResult<T>) -> Result<T> {
        calls::plain(r)
    }

    fn overflow() -> VaultError {
        VaultError::Math(scf_interfaces::MathError::Overflow)
    }

    #[ink(storage)]
    pub struct CollateralVault {
        admin: Admin,
        guardian: AccountId,
        paused: bool,
        stablecoin: AccountId,
        registry: AccountId,
        oracle: AccountId,
        classes: Mapping<ClassId, Class>,
        class_count: ClassId,
        global_debt_ceiling_wad: u128,
        positions: Mapping<PositionId, Position>,
        position_count: PositionId,
        pledges: Mapping<AssetId, Pledge>,
        /// Normalised debt per (class, invoice debtor): the concentration limit's measure.
        debtor_art: Mapping<(ClassId, AccountId), u128>,
        /// Positions seized by the liquidation engine and not yet released by it, with the
        /// liquidation debt (seized debt and keeper reward) the vault still records for each: it
        /// becomes bad debt when the liquidation ends, whatever the engine says.
        liquidating: Mapping<PositionId, u128>,
        /// Liquidation debt per class, and per (class, debtor) for invoice positions: seized debt
        /// still counts against the class ceiling, the concentration limit and the debtor's line
        /// until it is recovered or written off.
        class_seized: Mapping<ClassId, u128>,
        debtor_seized: Mapping<(ClassId, AccountId), u128>,
        /// Debt written off from liquidations of positions financing a debtor: it keeps counting
        /// against the debtor's line until an underwriter clears it, so that a debtor whose
        /// confirmed invoices are ruled void (or defaulted) cannot have its line drawn again and
        /// again with new invoices.
        debtor_losses: Mapping<AccountId, u128>,
        /// The vault's stablecoin balance: fees and penalties collected.
        surplus_wad: u128,
        /// Whole surplus units accrued during the current message, minted at its end (0 at rest).
        unminted_surplus_wad: u128,
        /// Sub-unit surplus owed to the system (rad, < RAY).
        pending_surplus_rad: u128,
        /// Liquidated debt still to be covered by auctions.
        auction_debt_wad: u128,
        /// Debt the auctions could not cover and the surplus has not yet healed.
        bad_debt_wad: u128,
        /// The oracle key of the stablecoin's own unit: invoices in it need no price.
        unit_key: PriceKey,
        /// Accounts that approve debtors, set their credit limits and suspend them.
        underwriters: Mapping<AccountId, ()>,
        /// Credit lines of approved debtors.
        debtor_lines: Mapping<AccountId, DebtorLine>,
        /// Classes open to listed suppliers only, and their lists.
        restricted_classes: Mapping<ClassId, ()>,
        class_suppliers: Mapping<(ClassId, AccountId), ()>,
        /// The oldest oracle answer the vault accepts, checked by the vault itself whatever the
        /// oracle's own rule.
        max_price_age_ms: u64,
        /// Surplus kept back from withdrawal: the first loss absorber for bad debt.
        surplus_buffer_wad: u128,
        /// Price keys each class accepts (at most `MAX_KEYS_PER_CLASS`): an NFT valued by any
        /// other key is not collateral of the class.
        class_keys: Mapping<ClassId, Vec<PriceKey>>,
        /// The liquidation engine: the one account that may seize positions, sell or return
        /// seized NFTs and book their proceeds (`Custody`). Set once by the admin.
        engine: Option<AccountId>,
        /// The code of each group of messages (see `Facets`), delegate-called by the router that
        /// the chain runs at the vault's address. Set at construction, never changed. Lazy: only
        /// the router reads it, so no facet decodes it with the rest of the storage root.
        facets: Lazy<Facets>,
        /// Each debtor's unpaid defaults as the vault counts them: never fewer than the
        /// registry's (an invoice becomes `Defaulted` only through the vault, which counts it
        /// here; a defaulted invoice paid outside the vault lowers only the registry's, until
        /// the next borrow against the debtor reads it). `borrow` lends against a debtor with
        /// none here without calling the registry.
        debtor_defaults: Mapping<AccountId, u32>,
        /// The condition monitor whose devices' signed reports value the goods (see
        /// `valuation.rs`); none: goods are valued from their terms alone. Fixed at construction.
        condition_monitor: Option<AccountId>,
        /// The credit pricer whose grade tables set what invoices lend (see `valuation.rs`);
        /// none: every invoice of a class lends at the class's terms. Fixed at construction.
        credit_pricer: Option<AccountId>,
    }

    impl CollateralVault {
        // The vault's addresses, settings, facets and data sources, all fixed at construction.
        #[allow(clippy::too_many_arguments)]
        #[ink(constructor)]
        pub fn new(
            stablecoin: AccountId,
            registry: AccountId,
            oracle: AccountId,
            guardian: AccountId,
            global_debt_ceiling_wad: u128,
            unit_key: PriceKey,
            facets: Facets,
            sources: DataSources,
        ) -> Self {
            crate::initial_state!(
                stablecoin,
                registry,
                oracle,
                guardian,
                global_debt_ceiling_wad,
                unit_key,
                facets,
                sources
            )
        }

        // ───────────────────────────── positions ─────────────────────────────

        /// Opens an empty position of `class_id` owned by the caller.
        #[cfg(g_pledge)]
        #[ink(message)]
        pub fn open_position(&mut self, class_id: ClassId) -> Result<PositionId> {
            self.classes
                .get(class_id)
                .ok_or(VaultError::ClassNotFound)?;
            let owner = self.env().caller();
            self.ensure_supplier_allowed(class_id, owner)?;
            let id = self.position_count.checked_add(1).ok_or(overflow())?;
            self.positions.insert(
                id,
                &Position {
                    owner,
                    class_id,
                    art: 0,
                    assets: Vec::new(),
                    debtor: None,
                    price_key: None,
                },
            );
            self.position_count = id;
            self.env().emit_event(PositionOpened {
                position_id: id,
                owner,
                class_id,
            });
            Ok(id)
        }

        /// Takes custody of a `Confirmed`, unexpired NFT the caller owns and has approved the vault
        /// for. Needs no price.
        #[cfg(g_pledge)]
        #[ink(message)]
        pub fn deposit(&mut self, position_id: PositionId, asset_id: AssetId) -> Result<()> {
            let caller = self.env().caller();
            let mut pos = self.owned_position(position_id, caller)?;
            if pos.assets.len() >= MAX_ASSETS_PER_POSITION {
                return Err(VaultError::PositionFull);
            }
            let class = self
                .classes
                .get(pos.class_id)
                .ok_or(VaultError::ClassNotFound)?;
            // One registry call checks ownership, takes the token and returns its terms; if a
            // check below fails, the whole call (the transfer included) is rolled back.
            let mut registry: contract_ref!(ReceivableRegistry) = self.registry.into();
            let asset = match plain(
                registry
                    .call_mut()
                    .take_custody(asset_id, caller)
                    .try_invoke(),
            )? {
                Ok(asset) => asset,
                Err(RegistryError::NotOwner) => return Err(VaultError::NotAssetOwner),
                Err(RegistryError::AssetNotFound) => return Err(VaultError::AssetNotFound),
                Err(e) => return Err(VaultError::Registry(e)),
            };
            if asset.kind.kind_code() != class.params.kind {
                return Err(VaultError::WrongAssetKind);
            }
            if asset.status != AssetStatus::Confirmed {
                return Err(VaultError::NotConfirmed);
            }
            // No poison pill: an NFT the class cannot price now is not taken in, so every
            // pledged NFT had a listed key with a fresh price when it came.
            let key = asset.kind.price_key();
            if !self
                .class_keys
                .get(pos.class_id)
                .unwrap_or_default()
                .contains(&key)
            {
                return Err(VaultError::PriceKeyNotAccepted);
            }
            // One key per position: another key's reporters or outage can never stop this
            // position's liquidation.
            match pos.price_key {
                Some(k) if k != key => return Err(VaultError::PriceKeyMismatch),
                _ => pos.price_key = Some(key),
            }
            if key != self.unit_key {
                let oracle: contract_ref!(PriceFeed) = self.oracle.into();
                self.fresh_price(&oracle, key)?;
            }
            let now = self.env().block_timestamp();
            match &asset.kind {
                AssetKind::Invoice(t) => {
                    if now > t.due_date_ms {
                        return Err(VaultError::AssetExpired);
                    }
                    match pos.debtor {
                        Some(d) if d != t.debtor => return Err(VaultError::DebtorMismatch),
                        _ => pos.debtor = Some(t.debtor),
                    }
                    // Only an underwriter-approved debtor's word makes an invoice collateral.
                    self.active_line(t.debtor)?;
                }
                AssetKind::InTransit(t) if now > t.expected_arrival_ms => {
                    return Err(VaultError::AssetExpired)
                }
                _ => {}
            }
            pos.assets.push(asset_id);
            self.positions.insert(position_id, &pos);
            self.pledges.insert(
                asset_id,
                &Pledge {
                    position_id,
                    kind: asset.kind,
                    status: asset.status,
                    hold: Hold::Position,
                    void: false,
                },
            );
            self.env().emit_event(AssetDeposited {
                position_id,
                asset_id,
            });
            Ok(())
        }

        /// Returns an NFT to the owner; refused if it leaves the position unsafe.
        #[cfg(g_withdraw)]
        #[ink(message)]
        pub fn withdraw(&mut self, position_id: PositionId, asset_id: AssetId) -> Result<()> {
            self.ensure_not_paused()?;
            let caller = self.env().caller();
            let mut pos = self.owned_position(position_id, caller)?;
            let index = pos
                .assets
                .iter()
                .position(|a| *a == asset_id)
                .ok_or(VaultError::NotPledged)?;
            pos.assets.swap_remove(index);
            self.pledges.remove(asset_id);
            let class = self.accrue(pos.class_id)?;
            self.ensure_safe(&pos, &class)?;
            self.release_ties(&mut pos);
            self.positions.insert(position_id, &pos);
            self.send_nft(pos.owner, asset_id)?;
            self.flush_surplus()?;
            self.env().emit_event(AssetWithdrawn {
                position_id,
                asset_id,
                to: pos.owner,
            });
            Ok(())
        }

        /// Mints `amount_wad` to the owner against the position's collateral.
        #[cfg(g_lend)]
        #[ink(message)]
        pub fn borrow(&mut self, position_id: PositionId, amount_wad: u128) -> Result<()> {
            self.ensure_not_paused()?;
            if amount_wad == 0 {
                return Err(VaultError::ZeroAmount);
            }
            let caller = self.env().caller();
            let mut pos = self.owned_position(position_id, caller)?;
            self.ensure_supplier_allowed(pos.class_id, caller)?;
            let mut class = self.accrue(pos.class_id)?;
            let rate = class.state.rate;
            let draw = fees::draw(amount_wad, rate)?;
            let art = pos.art.checked_add(draw.art).ok_or(overflow())?;
            let debt = fees::debt_wad(art, rate)?;
            if debt < class.params.dust_wad {
                return Err(VaultError::Dust);
            }
            class.state.total_art = class
                .state
                .total_art
                .checked_add(draw.art)
                .ok_or(overflow())?;
            // Seized debt still counts against every ceiling until it is recovered or written off.
            let class_debt = fees::debt_wad(class.state.total_art, rate)?
                .checked_add(self.class_seized.get(pos.class_id).unwrap_or(0))
                .ok_or(overflow())?;
            if class_debt > class.params.debt_ceiling_wad {
                return Err(VaultError::DebtCeiling);
            }
            let global_debt = self
                .global_debt_with(pos.class_id, &class)?
                .checked_add(self.auction_debt_wad)
                .ok_or(overflow())?;
            if global_debt > self.global_debt_ceiling_wad {
                return Err(VaultError::GlobalDebtCeiling);
            }
            if let Some(debtor) = pos.debtor {
                let line = self.ensure_can_lend_against(debtor)?;
                let debtor_art = self
                    .debtor_art
                    .get((pos.class_id, debtor))
                    .unwrap_or(0)
                    .checked_add(draw.art)
                    .ok_or(overflow())?;
                let concentration = fees::debt_wad(debtor_art, rate)?
                    .checked_add(self.debtor_seized.get((pos.class_id, debtor)).unwrap_or(0))
                    .ok_or(overflow())?;
                if concentration > class.params.debtor_limit_wad {
                    return Err(VaultError::DebtorLimit);
                }
                self.debtor_art.insert((pos.class_id, debtor), &debtor_art);
                let exposure = self.exposure_with(debtor, Some((pos.class_id, &class)))?;
                if !scf_rules::credit::within_line(exposure, line.credit_limit_wad) {
                    return Err(VaultError::CreditLimit);
                }
            }
            pos.art = art;
            self.ensure_safe(&pos, &class)?;
            self.positions.insert(position_id, &pos);
            self.classes.insert(pos.class_id, &class);
            self.add_surplus_rad(draw.excess_rad)?;
            let mut coin: contract_ref!(StablecoinMinter) = self.stablecoin.into();
            checked(coin.call_mut().mint(pos.owner, amount_wad).try_invoke())?;
            self.flush_surplus()?;
            self.env().emit_event(Borrowed {
                position_id,
                amount_wad,
                debt_wad: debt,
            });
            Ok(())
        }

        /// Burns up to `amount_wad` of the caller's stablecoin (capped at the debt) against any
        /// position's debt. The caller approves the vault first. Needs no price, never paused.
        #[cfg(g_repay)]
        #[ink(message)]
        pub fn repay(&mut self, position_id: PositionId, amount_wad: u128) -> Result<()> {
            if amount_wad == 0 {
                return Err(VaultError::ZeroAmount);
            }
            let mut pos = self
                .positions
                .get(position_id)
                .ok_or(VaultError::PositionNotFound)?;
            if pos.art == 0 {
                return Err(VaultError::NoDebt);
            }
            let mut class = self.accrue(pos.class_id)?;
            let wipe = fees::wipe(pos.art, class.state.rate, amount_wad)?;
            let art = pos.art.checked_sub(wipe.art).ok_or(overflow())?;
            let debt = fees::debt_wad(art, class.state.rate)?;
            if debt != 0 && debt < class.params.dust_wad {
                return Err(VaultError::Dust);
            }
            let payer = self.env().caller();
            self.burn_from(payer, wipe.paid_wad)?;
            self.remove_art(&mut pos, &mut class, wipe.art)?;
            self.positions.insert(position_id, &pos);
            self.classes.insert(pos.class_id, &class);
            self.add_surplus_rad(wipe.excess_rad)?;
            self.flush_surplus()?;
            self.env().emit_event(Repaid {
                position_id,
                payer,
                amount_wad: wipe.paid_wad,
                debt_wad: debt,
            });
            Ok(())
        }

        /// Closes a debt-free position, returning every NFT to the owner.
        #[cfg(g_pledge)]
        #[ink(message)]
        pub fn close(&mut self, position_id: PositionId) -> Result<()> {
            let caller = self.env().caller();
            let pos = self.owned_position(position_id, caller)?;
            if pos.art != 0 {
                return Err(VaultError::DebtOutstanding);
            }
            for asset_id in pos.assets.iter() {
                self.pledges.remove(*asset_id);
                self.send_nft(pos.owner, *asset_id)?;
                self.env().emit_event(AssetWithdrawn {
                    position_id,
                    asset_id: *asset_id,
                    to: pos.owner,
                });
            }
            self.positions.remove(position_id);
            self.env().emit_event(PositionClosed { position_id });
            Ok(())
        }

        // ───────────────────────────── invoices ─────────────────────────────

        /// The invoice's debtor pays its value in stablecoin (having approved the vault): face ×
        /// the currency's fresh price, rounded up (face alone in the stablecoin's own unit, which
        /// needs no price). The position's debt is repaid first, the rest goes to the supplier,
        /// and the NFT is marked `Settled` and returned to the supplier. Never paused.
        #[cfg(g_invoices)]
        #[ink(message)]
        pub fn settle(&mut self, asset_id: AssetId) -> Result<()> {
            let pledge = self.pledges.get(asset_id).ok_or(VaultError::NotPledged)?;
            let terms = match &pledge.kind {
                AssetKind::Invoice(t) => t.clone(),
                _ => return Err(VaultError::NotInvoice),
            };
            let debtor = self.env().caller();
            if debtor != terms.debtor {
                return Err(VaultError::NotDebtor);
            }
            match pledge.hold {
                Hold::Position => {}
                Hold::Auction => return Err(VaultError::InAuction),
                Hold::Recovery => return Err(VaultError::InRecovery),
            }
            if !matches!(
                pledge.status,
                AssetStatus::Confirmed | AssetStatus::Defaulted
            ) {
                return Err(VaultError::InvalidStatus);
            }
            let position_id = pledge.position_id;
            let mut pos = self
                .positions
                .get(position_id)
                .ok_or(VaultError::PositionNotFound)?;
            let amount_due = self.invoice_amount_due(&terms)?;
            let mut class = self.accrue(pos.class_id)?;
            let wipe = fees::wipe(pos.art, class.state.rate, amount_due)?;
            let to_owner = amount_due.checked_sub(wipe.paid_wad).ok_or(overflow())?;
            self.burn_from(debtor, wipe.paid_wad)?;
            if to_owner > 0 {
                let mut coin: contract_ref!(PSP22) = self.stablecoin.into();
                checked(
                    coin.call_mut()
                        .transfer_from(debtor, pos.owner, to_owner, Vec::new())
                        .try_invoke(),
                )?;
            }
            self.remove_art(&mut pos, &mut class, wipe.art)?;
            self.add_surplus_rad(wipe.excess_rad)?;
            self.count_defaults(&pledge.kind, pledge.status, AssetStatus::Settled);
            pos.assets.retain(|a| *a != asset_id);
            self.pledges.remove(asset_id);
            self.release_ties(&mut pos);
            self.positions.insert(position_id, &pos);
            self.classes.insert(pos.class_id, &class);
            // Marks it Settled and returns it in one registry call.
            let mut registry: contract_ref!(ReceivableRegistry) = self.registry.into();
            checked(
                registry
                    .call_mut()
                    .release(asset_id, pos.owner, AssetStatus::Settled)
                    .try_invoke(),
            )?;
            self.flush_surplus()?;
            self.env().emit_event(InvoiceSettled {
                asset_id,
                position_id,
                paid_wad: amount_due,
                debt_repaid_wad: wipe.paid_wad,
                to_owner_wad: to_owner,
            });
            Ok(())
        }

        /// The debtor of an invoice the vault does not hold pays it on chain: face × the
        /// currency's fresh price, rounded up (as `settle` values it), from its balance to whoever
        /// holds the NFT, through the stablecoin's `transfer_from` (the debtor approves the vault
        /// first). The registry marks it `Settled` and records the payment on time or late. A
        /// pledged invoice is paid through `settle`, which repays the loan first. Never paused.
        /// (In the `facts` facet, off the positions' everyday path: it touches no position.)
        #[cfg(g_facts)]
        #[ink(message)]
        pub fn pay_invoice(&mut self, asset_id: AssetId) -> Result<()> {
            if self.pledges.contains(asset_id) {
                return Err(VaultError::InvoicePledged);
            }
            let mut registry: contract_ref!(ReceivableRegistry) = self.registry.into();
            let asset = plain(registry.call().asset(asset_id).try_invoke())?
                .ok_or(VaultError::AssetNotFound)?;
            let terms = match &asset.kind {
                AssetKind::Invoice(t) => t.clone(),
                _ => return Err(VaultError::NotInvoice),
            };
            let debtor = self.env().caller();
            if debtor != terms.debtor {
                return Err(VaultError::NotDebtor);
            }
            if !matches!(
                asset.status,
                AssetStatus::Confirmed | AssetStatus::Defaulted
            ) {
                return Err(VaultError::InvalidStatus);
            }
            let nft: contract_ref!(PSP34) = self.registry.into();
            let holder = plain(nft.call().owner_of(token_id(asset_id)).try_invoke())?
                .ok_or(VaultError::AssetNotFound)?;
            // Paying oneself moves nothing: it would buy an on-time record for free.
            if holder == debtor {
                return Err(VaultError::PayeeIsDebtor);
            }
            let paid_wad = self.invoice_amount_due(&terms)?;
            let mut coin: contract_ref!(PSP22) = self.stablecoin.into();
            checked(
                coin.call_mut()
                    .transfer_from(debtor, holder, paid_wad, Vec::new())
                    .try_invoke(),
            )?;
            checked(
                registry
                    .call_mut()
                    .set_status(asset_id, AssetStatus::Settled)
                    .try_invoke(),
            )?;
            self.count_defaults(&asset.kind, asset.status, AssetStatus::Settled);
            self.env().emit_event(InvoicePaid {
                asset_id,
                debtor,
                holder,
                paid_wad,
            });
            Ok(())
        }

        /// The destination warehouse attests arrival of a pledged shipment: the NFT becomes a
        /// warehouse receipt for the quantity received, in place, and stays pledged, valued as
        /// stored goods from now on. Never paused (it only records a fact).
        #[cfg(g_facts)]
        #[ink(message)]
        pub fn attest_arrival(
            &mut self,
            asset_id: AssetId,
            received_quantity_wad: u128,
        ) -> Result<()> {
            let mut pledge = self.pledges.get(asset_id).ok_or(VaultError::NotPledged)?;
            let warehouse = self.env().caller();
            match &pledge.kind {
                AssetKind::InTransit(t) if t.destination_warehouse == warehouse => {}
                AssetKind::InTransit(_) => return Err(VaultError::NotDestinationWarehouse),
                _ => return Err(VaultError::WrongAssetKind),
            }
            let mut registry: contract_ref!(ReceivableRegistry) = self.registry.into();
            let asset = checked(
                registry
                    .call_mut()
                    .arrive(asset_id, warehouse, received_quantity_wad)
                    .try_invoke(),
            )?;
            pledge.kind = asset.kind;
            self.pledges.insert(asset_id, &pledge);
            self.env().emit_event(ShipmentArrived {
                asset_id,
                position_id: pledge.position_id,
                warehouse,
                received_quantity_wad,
            });
            Ok(())
        }

        /// The debtor disputes a pledged invoice, up to its due date. It lends nothing from now
        /// on, but keeps its value for the liquidation check until the arbiter rules: a dispute
        /// alone never makes a position liquidatable (or the debtor could liquidate its
        /// supplier's healthy facility at will). After the due date a dispute is refused: the
        /// invoice's non-payment runs to default. Not while it is at auction: a buyer bids on
        /// what it saw.
        #[cfg(g_invoices)]
        #[ink(message)]
        pub fn dispute(&mut self, asset_id: AssetId) -> Result<()> {
            let pledge = self.pledges.get(asset_id).ok_or(VaultError::NotPledged)?;
            if pledge.hold == Hold::Auction {
                return Err(VaultError::InAuction);
            }
            match &pledge.kind {
                AssetKind::Invoice(t) if t.debtor == self.env().caller() => {
                    if self.env().block_timestamp() > t.due_date_ms {
                        return Err(VaultError::PastDue);
                    }
                }
                AssetKind::Invoice(_) => return Err(VaultError::NotDebtor),
                _ => return Err(VaultError::NotInvoice),
            }
            self.change_status(
                asset_id,
                pledge,
                AssetStatus::Confirmed,
                AssetStatus::Disputed,
            )
        }

        /// Anyone may mark a pledged invoice `Defaulted` once it is past due beyond the grace
        /// period, a disputed one included: a dispute the arbiter has not upheld by then does not
        /// escape default.
        #[cfg(g_invoices)]
        #[ink(message)]
        pub fn mark_defaulted(&mut self, asset_id: AssetId) -> Result<()> {
            let pledge = self.pledges.get(asset_id).ok_or(VaultError::NotPledged)?;
            let due_ms = match &pledge.kind {
                AssetKind::Invoice(t) => t.due_date_ms,
                _ => return Err(VaultError::NotInvoice),
            };
            let pos = self
                .positions
                .get(pledge.position_id)
                .ok_or(VaultError::PositionNotFound)?;
            let class = self
                .classes
                .get(pos.class_id)
                .ok_or(VaultError::ClassNotFound)?;
            if self.env().block_timestamp() <= due_ms.saturating_add(class.params.grace_period_ms) {
                return Err(VaultError::NotOverdue);
            }
            let from = match pledge.status {
                AssetStatus::Disputed if !pledge.void => AssetStatus::Disputed,
                _ => AssetStatus::Confirmed,
            };
            self.change_status(asset_id, pledge, from, AssetStatus::Defaulted)
        }

        // ───────────────────────────── bad debt ─────────────────────────────

        /// Covers recorded bad debt from the system surplus, as far as it allows. Anyone may call.
        #[cfg(g_invoices)]
        #[ink(message)]
        pub fn heal(&mut self) -> Result<()> {
            self.heal_bad_debt()
        }

        // ───────────────────────────── admin ─────────────────────────────

        #[cfg(g_admin)]
        #[ink(message)]
        pub fn add_class(&mut self, params: ClassParams) -> Result<ClassId> {
            self.ensure_admin()?;
            params::validate(&params)?;
            let id = self.class_count;
            if id >= MAX_CLASSES {
                return Err(VaultError::TooManyClasses);
            }
            let state = ClassState {
                total_art: 0,
                rate: scf_interfaces::Ray::ONE,
                last_accrual_ms: self.env().block_timestamp(),
            };
            self.classes.insert(
                id,
                &Class {
                    params: params.clone(),
                    state,
                },
            );
            self.class_count = id.checked_add(1).ok_or(overflow())?;
            self.env().emit_event(ClassAdded {
                class_id: id,
                params,
            });
            Ok(id)
        }

        /// Changes a class's parameters. Fees accrued so far are charged at the old rate first.
        /// The asset kind of a class cannot change.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_class_params(&mut self, class_id: ClassId, params: ClassParams) -> Result<()> {
            self.ensure_admin()?;
            params::validate(&params)?;
            let mut class = self.accrue(class_id)?;
            if class.params.kind != params.kind {
                return Err(VaultError::InvalidParams);
            }
            class.params = params.clone();
            self.classes.insert(class_id, &class);
            self.flush_surplus()?;
            self.env()
                .emit_event(ClassParamsChanged { class_id, params });
            Ok(())
        }

        /// Opens a class to listed suppliers only (a regulated lender's programme), or to anyone.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_class_restricted(&mut self, class_id: ClassId, restricted: bool) -> Result<()> {
            self.ensure_admin()?;
            self.classes
                .get(class_id)
                .ok_or(VaultError::ClassNotFound)?;
            if restricted {
                self.restricted_classes.insert(class_id, &());
            } else {
                self.restricted_classes.remove(class_id);
            }
            self.env().emit_event(ClassRestrictionChanged {
                class_id,
                restricted,
            });
            Ok(())
        }

        /// Lists (or delists) a supplier of a restricted class.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_class_supplier(
            &mut self,
            class_id: ClassId,
            supplier: AccountId,
            allowed: bool,
        ) -> Result<()> {
            self.ensure_admin()?;
            self.classes
                .get(class_id)
                .ok_or(VaultError::ClassNotFound)?;
            if allowed {
                self.class_suppliers.insert((class_id, supplier), &());
            } else {
                self.class_suppliers.remove((class_id, supplier));
            }
            self.env().emit_event(ClassSupplierChanged {
                class_id,
                supplier,
                allowed,
            });
            Ok(())
        }

        /// Grants the underwriter role. Never to the admin: approving debtors is not the admin's
        /// power (the role table in `docs/architecture.md`).
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn grant_underwriter(&mut self, account: AccountId) -> Result<()> {
            self.ensure_admin()?;
            if account == self.admin.admin() {
                return Err(VaultError::AdminCannotUnderwrite);
            }
            self.underwriters.insert(account, &());
            self.env().emit_event(UnderwriterChanged {
                account,
                granted: true,
            });
            Ok(())
        }

        #[cfg(g_admin)]
        #[ink(message)]
        pub fn revoke_underwriter(&mut self, account: AccountId) -> Result<()> {
            self.ensure_admin()?;
            self.underwriters.remove(account);
            self.env().emit_event(UnderwriterChanged {
                account,
                granted: false,
            });
            Ok(())
        }

        // ───────────────────────────── underwriting ─────────────────────────────

        /// Underwriter: approves `debtor` with a credit limit (or changes the limit, or reinstates
        /// a suspended debtor). A limit below the current exposure is allowed: it only stops new
        /// borrowing.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn approve_debtor(&mut self, debtor: AccountId, credit_limit_wad: u128) -> Result<()> {
            let by = self.ensure_underwriter()?;
            self.debtor_lines.insert(
                debtor,
                &DebtorLine {
                    credit_limit_wad,
                    suspended: false,
                },
            );
            self.env().emit_event(DebtorApproved {
                debtor,
                credit_limit_wad,
                by,
            });
            Ok(())
        }

        /// Underwriter: clears the debt written off from liquidations of positions financing
        /// `debtor` (its losses), which counted against its credit line: the underwriter has
        /// reviewed them (a supplier's fraud against an honest debtor, say) and takes the risk
        /// again.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn clear_debtor_losses(&mut self, debtor: AccountId) -> Result<()> {
            let by = self.ensure_underwriter()?;
            let cleared = self.debtor_losses.take(debtor).unwrap_or(0);
            if cleared == 0 {
                return Err(VaultError::NoLosses);
            }
            self.env().emit_event(DebtorLossesCleared {
                debtor,
                cleared_wad: cleared,
                by,
            });
            Ok(())
        }

        /// Debt written off from liquidations of positions financing `debtor`, not yet cleared
        /// by an underwriter: part of its exposure.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn debtor_losses(&self, debtor: AccountId) -> u128 {
            self.debtor_losses.get(debtor).unwrap_or(0)
        }

        /// Underwriter: suspends an approved debtor. Nothing new is lent against its invoices and
        /// they are no longer accepted as deposits; existing positions keep their collateral.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn suspend_debtor(&mut self, debtor: AccountId) -> Result<()> {
            let by = self.ensure_underwriter()?;
            let mut line = self
                .debtor_lines
                .get(debtor)
                .ok_or(VaultError::DebtorNotApproved)?;
            if line.suspended {
                return Err(VaultError::DebtorSuspended);
            }
            line.suspended = true;
            self.debtor_lines.insert(debtor, &line);
            self.env().emit_event(DebtorSuspended { debtor, by });
            Ok(())
        }

        /// The oldest oracle answer the vault accepts (between a minute and a day).
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_max_price_age(&mut self, max_price_age_ms: u64) -> Result<()> {
            self.ensure_admin()?;
            if !(MIN_PRICE_AGE_MS..=MAX_PRICE_AGE_MS).contains(&max_price_age_ms) {
                return Err(VaultError::InvalidParams);
            }
            self.max_price_age_ms = max_price_age_ms;
            self.env()
                .emit_event(MaxPriceAgeChanged { max_price_age_ms });
            Ok(())
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn max_price_age(&self) -> u64 {
            self.max_price_age_ms
        }

        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_global_debt_ceiling(&mut self, ceiling_wad: u128) -> Result<()> {
            self.ensure_admin()?;
            self.global_debt_ceiling_wad = ceiling_wad;
            self.env()
                .emit_event(GlobalDebtCeilingChanged { ceiling_wad });
            Ok(())
        }

        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_guardian(&mut self, guardian: AccountId) -> Result<()> {
            self.ensure_admin()?;
            self.guardian = guardian;
            self.env().emit_event(GuardianChanged { guardian });
            Ok(())
        }

        /// Guardian or admin: blocks borrowing, withdrawing and starting liquidations.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            self.set_paused(true)
        }

        #[cfg(g_admin)]
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            self.set_paused(false)
        }

        /// Sends system surplus (fees and penalties) to `to`; bad debt is covered first, the
        /// buffer stays, and nothing leaves while liquidated debt is still at auction (its
        /// shortfall may yet need the surplus).
        #[cfg(g_repay)]
        #[ink(message)]
        pub fn withdraw_surplus(&mut self, to: AccountId, amount_wad: u128) -> Result<()> {
            self.ensure_admin()?;
            if amount_wad == 0 {
                return Err(VaultError::ZeroAmount);
            }
            if self.auction_debt_wad > 0 {
                return Err(VaultError::DebtAtAuction);
            }
            self.heal_bad_debt()?;
            let available = self.surplus_wad.saturating_sub(self.surplus_buffer_wad);
            if self.bad_debt_wad > 0 || amount_wad > available {
                return Err(VaultError::InsufficientSurplus);
            }
            self.surplus_wad = self.surplus_wad.checked_sub(amount_wad).ok_or(overflow())?;
            let mut coin: contract_ref!(PSP22) = self.stablecoin.into();
            checked(
                coin.call_mut()
                    .transfer(to, amount_wad, Vec::new())
                    .try_invoke(),
            )?;
            self.env().emit_event(SurplusWithdrawn { to, amount_wad });
            Ok(())
        }

        /// Anyone: books stablecoin sent to the vault outside the protocol (a plain transfer) into
        /// the surplus, so that the vault's balance is its recorded surplus again.
        #[cfg(g_repay)]
        #[ink(message)]
        pub fn skim(&mut self) -> Result<()> {
            let coin: contract_ref!(PSP22) = self.stablecoin.into();
            let balance = plain(coin.call().balance_of(self.env().account_id()).try_invoke())?;
            let donated = balance.saturating_sub(self.surplus_wad);
            if donated == 0 {
                return Err(VaultError::NothingToSkim);
            }
            self.surplus_wad = balance;
            self.env().emit_event(SurplusSkimmed {
                amount_wad: donated,
                by: self.env().caller(),
            });
            Ok(())
        }

        /// Admin, once: the liquidation engine the vault trusts with its custody and books. Set
        /// once, so that no admin key can later hand seized NFTs to another contract.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_liquidation_engine(&mut self, engine: AccountId) -> Result<()> {
            self.ensure_admin()?;
            if self.engine.is_some() {
                return Err(VaultError::EngineAlreadySet);
            }
            self.engine = Some(engine);
            self.env().emit_event(LiquidationEngineSet { engine });
            Ok(())
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn liquidation_engine(&self) -> Option<AccountId> {
            self.engine
        }

        /// The condition monitor and the credit pricer the vault values goods and invoices with,
        /// fixed at construction: no key can point the valuation elsewhere later.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn data_sources(&self) -> DataSources {
            DataSources {
                condition_monitor: self.condition_monitor,
                credit_pricer: self.credit_pricer,
            }
        }

        /// Whether the position has been seized and its liquidation has not ended.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn is_liquidating(&self, position_id: PositionId) -> bool {
            self.liquidating.contains(position_id)
        }

        /// The surplus `withdraw_surplus` always leaves in the vault.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_surplus_buffer(&mut self, buffer_wad: u128) -> Result<()> {
            self.ensure_admin()?;
            self.surplus_buffer_wad = buffer_wad;
            self.env().emit_event(SurplusBufferChanged { buffer_wad });
            Ok(())
        }

        /// The price keys class `class_id` accepts; deposits of NFTs valued by any other key are
        /// refused. Replaces the class's list.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn set_class_price_keys(
            &mut self,
            class_id: ClassId,
            keys: Vec<PriceKey>,
        ) -> Result<()> {
            self.ensure_admin()?;
            self.classes
                .get(class_id)
                .ok_or(VaultError::ClassNotFound)?;
            if keys.len() > MAX_KEYS_PER_CLASS {
                return Err(VaultError::InvalidParams);
            }
            self.class_keys.insert(class_id, &keys);
            self.env()
                .emit_event(ClassPriceKeysChanged { class_id, keys });
            Ok(())
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn class_price_keys(&self, class_id: ClassId) -> Vec<PriceKey> {
            self.class_keys.get(class_id).unwrap_or_default()
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn surplus_buffer(&self) -> u128 {
            self.surplus_buffer_wad
        }

        #[cfg(g_admin)]
        #[ink(message)]
        pub fn transfer_admin(&mut self, new_admin: AccountId) -> Result<()> {
            let event = self.admin.start_transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// The pending admin takes over. Not an underwriter: it must give up the role first, so
        /// that the admin never approves debtors.
        #[cfg(g_admin)]
        #[ink(message)]
        pub fn accept_admin(&mut self) -> Result<()> {
            let caller = self.env().caller();
            if self.underwriters.contains(caller) && self.admin.pending() == Some(caller) {
                return Err(VaultError::AdminCannotUnderwrite);
            }
            let event = self.admin.accept(caller)?;
            self.env().emit_event(event);
            Ok(())
        }

        // ───────────────────────────── views ─────────────────────────────

        #[cfg(g_views)]
        #[ink(message)]
        pub fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn guardian(&self) -> AccountId {
            self.guardian
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn is_paused(&self) -> bool {
            self.paused
        }

        /// (stablecoin, registry, oracle)
        #[cfg(g_views)]
        #[ink(message)]
        pub fn contracts(&self) -> (AccountId, AccountId, AccountId) {
            (self.stablecoin, self.registry, self.oracle)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn global_debt_ceiling(&self) -> u128 {
            self.global_debt_ceiling_wad
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn class(&self, class_id: ClassId) -> Option<Class> {
            self.classes.get(class_id)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn position(&self, position_id: PositionId) -> Option<Position> {
            self.positions.get(position_id)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn pledge(&self, asset_id: AssetId) -> Option<Pledge> {
            self.pledges.get(asset_id)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn books(&self) -> Books {
            Books {
                surplus_wad: self.surplus_wad,
                pending_surplus_rad: self.pending_surplus_rad,
                auction_debt_wad: self.auction_debt_wad,
                bad_debt_wad: self.bad_debt_wad,
                class_count: self.class_count,
                position_count: self.position_count,
                paused: self.paused,
            }
        }

        /// The position's debt now, fees included (rounded up).
        #[cfg(g_views)]
        #[ink(message)]
        pub fn position_debt(&self, position_id: PositionId) -> Result<u128> {
            let pos = self
                .positions
                .get(position_id)
                .ok_or(VaultError::PositionNotFound)?;
            let class = self
                .classes
                .get(pos.class_id)
                .ok_or(VaultError::ClassNotFound)?;
            let (state, _) = fees::accrue(
                &class.state,
                class.params.stability_fee_per_second,
                self.env().block_timestamp(),
            )?;
            Ok(fees::debt_wad(pos.art, state.rate)?)
        }

        /// The position's collateral value now (needs fresh prices).
        #[cfg(g_lend)]
        #[ink(message)]
        pub fn position_value(&self, position_id: PositionId) -> Result<u128> {
            let pos = self
                .positions
                .get(position_id)
                .ok_or(VaultError::PositionNotFound)?;
            let class = self
                .classes
                .get(pos.class_id)
                .ok_or(VaultError::ClassNotFound)?;
            self.lend_value(&pos, &class.params)
        }

        /// How much more the owner can borrow now (needs fresh prices): exactly the most a
        /// `borrow` would accept as far as the position's safety goes, rounding included.
        #[cfg(g_lend)]
        #[ink(message)]
        pub fn max_borrow(&self, position_id: PositionId) -> Result<u128> {
            let pos = self
                .positions
                .get(position_id)
                .ok_or(VaultError::PositionNotFound)?;
            let class = self
                .classes
                .get(pos.class_id)
                .ok_or(VaultError::ClassNotFound)?;
            let value = self.lend_value(&pos, &class.params)?;
            let capacity = valuation::max_debt_wad(value, class.params.liquidation_ratio)?;
            let (state, _) = fees::accrue(
                &class.state,
                class.params.stability_fee_per_second,
                self.env().block_timestamp(),
            )?;
            Ok(fees::max_draw_wad(pos.art, state.rate, capacity)?)
        }

        /// Debt financed against `debtor`'s invoices in `class_id` (at the class's stored rate),
        /// seized debt not yet recovered or written off included: what the concentration limit
        /// bounds.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn debtor_debt(&self, class_id: ClassId, debtor: AccountId) -> Result<u128> {
            let class = self
                .classes
                .get(class_id)
                .ok_or(VaultError::ClassNotFound)?;
            let art = self.debtor_art.get((class_id, debtor)).unwrap_or(0);
            fees::debt_wad(art, class.state.rate)?
                .checked_add(self.debtor_seized.get((class_id, debtor)).unwrap_or(0))
                .ok_or(overflow())
        }

        /// Liquidation debt the vault still records for a position being liquidated (its seized
        /// debt and keeper reward, less what the sales repaid): what becomes bad debt if its
        /// liquidation ends now.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn liquidation_debt(&self, position_id: PositionId) -> Option<u128> {
            self.liquidating.get(position_id)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn unit_key(&self) -> PriceKey {
            self.unit_key
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn is_underwriter(&self, account: AccountId) -> bool {
            self.underwriters.contains(account)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn debtor_line(&self, debtor: AccountId) -> Option<DebtorLine> {
            self.debtor_lines.get(debtor)
        }

        /// `debtor`'s unpaid defaults as the vault counts them (see `debtor_defaults`): at least
        /// the registry's `unresolved_defaults`; more only until the next borrow against the
        /// debtor reads a payment made outside the vault.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn debtor_defaults(&self, debtor: AccountId) -> u32 {
            self.debtor_defaults.get(debtor).unwrap_or(0)
        }

        /// Debt drawn against `debtor`'s invoices now, fees included, across every class, position
        /// and supplier: what its credit limit bounds.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn debtor_exposure(&self, debtor: AccountId) -> Result<u128> {
            self.exposure_with(debtor, None)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn is_class_restricted(&self, class_id: ClassId) -> bool {
            self.restricted_classes.contains(class_id)
        }

        #[cfg(g_views)]
        #[ink(message)]
        pub fn is_class_supplier(&self, class_id: ClassId, account: AccountId) -> bool {
            self.class_suppliers.contains((class_id, account))
        }

        /// The code hash of each facet the router delegate-calls (see `Facets`), so that anyone
        /// can check them against the published builds.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn facets(&self) -> Option<Facets> {
            self.facets.get()
        }

        /// What the debtor must pay now for an invoice (face × fresh price): through `settle`
        /// if the vault holds it, through `pay_invoice` if not.
        #[cfg(g_views)]
        #[ink(message)]
        pub fn settlement_amount(&self, asset_id: AssetId) -> Result<u128> {
            let kind = match self.pledges.get(asset_id) {
                Some(pledge) => pledge.kind,
                None => {
                    let registry: contract_ref!(ReceivableRegistry) = self.registry.into();
                    plain(registry.call().asset(asset_id).try_invoke())?
                        .ok_or(VaultError::AssetNotFound)?
                        .kind
                }
            };
            match &kind {
                AssetKind::Invoice(t) => self.invoice_amount_due(t),
                _ => Err(VaultError::NotInvoice),
            }
        }

        // ───────────────────────────── internals ─────────────────────────────

        fn ensure_admin(&self) -> Result<()> {
            Ok(self.admin.ensure(self.env().caller())?)
        }

        fn ensure_engine(&self) -> Result<()> {
            if self.engine != Some(self.env().caller()) {
                return Err(VaultError::NotEngine);
            }
            Ok(())
        }

        /// The pledge of an NFT the engine has seized.
        fn seized(&self, asset_id: AssetId) -> Result<Pledge> {
            let pledge = self.pledges.get(asset_id).ok_or(VaultError::NotPledged)?;
            if pledge.hold == Hold::Position {
                return Err(VaultError::NotSeized);
            }
            Ok(pledge)
        }

        /// A seized NFT with a value is at auction; one worth nothing is in recovery.
        fn set_hold(&mut self, asset_id: AssetId, value_wad: u128) -> Result<()> {
            let mut pledge = self.pledges.get(asset_id).ok_or(VaultError::NotPledged)?;
            pledge.hold = if value_wad > 0 {
                Hold::Auction
            } else {
                Hold::Recovery
            };
            self.pledges.insert(asset_id, &pledge);
            Ok(())
        }

        fn sale_terms(params: &ClassParams) -> SaleTerms {
            SaleTerms {
                auction_start_multiplier: params.auction_start_multiplier,
                auction_duration_ms: params.auction_duration_ms,
            }
        }

        fn ensure_underwriter(&self) -> Result<AccountId> {
            let caller = self.env().caller();
            if self.underwriters.contains(caller) {
                Ok(caller)
            } else {
                Err(VaultError::NotUnderwriter)
            }
        }

        fn ensure_supplier_allowed(&self, class_id: ClassId, supplier: AccountId) -> Result<()> {
            if self.restricted_classes.contains(class_id)
                && !self.class_suppliers.contains((class_id, supplier))
            {
                return Err(VaultError::SupplierNotAllowed);
            }
            Ok(())
        }

        /// The debtor's credit line, if approved and not suspended.
        fn active_line(&self, debtor: AccountId) -> Result<DebtorLine> {
            let line = self
                .debtor_lines
                .get(debtor)
                .ok_or(VaultError::DebtorNotApproved)?;
            if line.suspended {
                return Err(VaultError::DebtorSuspended);
            }
            Ok(line)
        }

        /// New lending against `debtor`'s invoices needs an active line and no unpaid default in
        /// its payment record (kept by the registry, which sees every settlement and default).
        /// The vault's own count is never below the registry's (see `debtor_defaults`), so
        /// while it is zero the registry need not be asked; otherwise the registry's record
        /// decides, and a count it shows paid outside the vault is brought down to it.
        fn ensure_can_lend_against(&mut self, debtor: AccountId) -> Result<DebtorLine> {
            let line = self.active_line(debtor)?;
            if self.debtor_defaults.get(debtor).unwrap_or(0) == 0 {
                return Ok(line);
            }
            let registry: contract_ref!(ReceivableRegistry) = self.registry.into();
            let record = plain(registry.call().payment_record(debtor).try_invoke())?;
            if record.unresolved_defaults > 0 {
                return Err(VaultError::DebtorInDefault);
            }
            self.debtor_defaults.remove(debtor);
            self.env().emit_event(DebtorDefaultsPaid { debtor });
            Ok(line)
        }

        /// Counts a status change the vault makes to a pledged invoice in its debtor's unpaid
        /// defaults, by the registry's own rule (`unpaid_defaults_after`).
        fn count_defaults(&mut self, kind: &AssetKind, from: AssetStatus, to: AssetStatus) {
            if let AssetKind::Invoice(t) = kind {
                let count = self.debtor_defaults.get(t.debtor).unwrap_or(0);
                match unpaid_defaults_after(count, from, to) {
                    c if c == count => {}
                    0 => self.debtor_defaults.remove(t.debtor),
                    c => {
                        self.debtor_defaults.insert(t.debtor, &c);
                    }
                }
            }
        }

        /// Σ over classes of the debt drawn against `debtor`'s invoices, each class's rate brought
        /// to now (without writing it), and of its seized debt not yet recovered or written off,
        /// plus its written-off losses not yet cleared by an underwriter; `updated` stands in for
        /// its class (bounded by MAX_CLASSES).
        fn exposure_with(
            &self,
            debtor: AccountId,
            updated: Option<(ClassId, &Class)>,
        ) -> Result<u128> {
            let now = self.env().block_timestamp();
            let mut total: u128 = self.debtor_losses.get(debtor).unwrap_or(0);
            for id in 0..self.class_count {
                let seized = self.debtor_seized.get((id, debtor)).unwrap_or(0);
                let art = self.debtor_art.get((id, debtor)).unwrap_or(0);
                if art == 0 {
                    total = total.checked_add(seized).ok_or(overflow())?;
                    continue;
                }
                let rate = match updated {
                    Some((updated_id, class)) if updated_id == id => class.state.rate,
                    _ => {
                        let class = self.classes.get(id).ok_or(VaultError::ClassNotFound)?;
                        fees::accrue(&class.state, class.params.stability_fee_per_second, now)?
                            .0
                            .rate
                    }
                };
                total = total
                    .checked_add(scf_rules::credit::class_exposure_wad(seized, art, rate.0)?)
                    .ok_or(overflow())?;
            }
            Ok(total)
        }

        /// What settles an invoice: face × the currency's fresh price on the lender's side (the
        /// upper middle value: the debtor never pays less because one reporter says so), rounded
        /// up (the debtor pays the fraction); face alone in the stablecoin's own unit.
        fn invoice_amount_due(&self, terms: &InvoiceTerms) -> Result<u128> {
            if terms.currency == self.unit_key {
                return Ok(terms.face_value_wad);
            }
            let oracle: contract_ref!(PriceFeed) = self.oracle.into();
            let answer = self.fresh_price(&oracle, terms.currency)?;
            Ok(mul_div_up(
                terms.face_value_wad,
                Purpose::Liquidate.price_wad(&answer),
                WAD,
            )?)
        }

        /// The oracle's answer for `key`, refused unless its own timestamp is within the vault's
        /// max price age (and not in the future): the vault does not take the oracle's word for
        /// freshness.
        fn fresh_price(
            &self,
            oracle: &contract_ref!(PriceFeed),
            key: PriceKey,
        ) -> Result<PriceData> {
            let answer = checked(oracle.call().price(key).try_invoke())?;
            let now = self.env().block_timestamp();
            if answer.updated_at_ms > now
                || now.saturating_sub(answer.updated_at_ms) > self.max_price_age_ms
            {
                return Err(VaultError::Oracle(OracleError::StalePrice));
            }
            Ok(answer)
        }

        fn ensure_not_paused(&self) -> Result<()> {
            if self.paused {
                Err(VaultError::Paused)
            } else {
                Ok(())
            }
        }

        /// The guardian or the admin pauses; only the admin unpauses (a guardian's key must not
        /// undo the admin's pause).
        fn set_paused(&mut self, paused: bool) -> Result<()> {
            let caller = self.env().caller();
            let is_admin = caller == self.admin.admin();
            if !paused && !is_admin {
                return Err(VaultError::NotAdmin);
            }
            if caller != self.guardian && !is_admin {
                return Err(VaultError::NotGuardian);
            }
            self.paused = paused;
            self.env().emit_event(PausedChanged { paused, by: caller });
            Ok(())
        }

        /// A position the caller owns and that is not being liquidated.
        fn owned_position(&self, position_id: PositionId, caller: AccountId) -> Result<Position> {
            let pos = self
                .positions
                .get(position_id)
                .ok_or(VaultError::PositionNotFound)?;
            if pos.owner != caller {
                return Err(VaultError::NotOwner);
            }
            if self.liquidating.contains(position_id) {
                return Err(VaultError::PositionLiquidating);
            }
            Ok(pos)
        }

        /// Brings a class's fee accumulator up to now; the fee goes to the pending surplus.
        /// Stores the class and returns it.
        fn accrue(&mut self, class_id: ClassId) -> Result<Class> {
            let mut class = self
                .classes
                .get(class_id)
                .ok_or(VaultError::ClassNotFound)?;
            let (state, fee_rad) = fees::accrue(
                &class.state,
                class.params.stability_fee_per_second,
                self.env().block_timestamp(),
            )?;
            if state != class.state {
                class.state = state;
                self.classes.insert(class_id, &class);
                self.add_surplus_rad(fee_rad)?;
                self.env().emit_event(FeesAccrued {
                    class_id,
                    rate_ray: class.state.rate.0,
                    fee_rad_low: fee_rad.low_u128(),
                });
            }
            Ok(class)
        }

        /// Adds `rad` to the surplus: whole units wait in `unminted_surplus_wad` (minted once per
        /// message by `flush_surplus`), the sub-unit remainder stays in `pending_surplus_rad`.
        fn add_surplus_rad(&mut self, rad: primitive_types::U256) -> Result<()> {
            let (whole, rest) = fees::split_surplus(self.pending_surplus_rad, rad)?;
            self.unminted_surplus_wad = self
                .unminted_surplus_wad
                .checked_add(whole)
                .ok_or(overflow())?;
            self.pending_surplus_rad = rest;
            Ok(())
        }

        /// Mints the whole units of surplus accrued during this message to the vault.
        fn flush_surplus(&mut self) -> Result<()> {
            let amount = core::mem::take(&mut self.unminted_surplus_wad);
            if amount == 0 {
                return Ok(());
            }
            self.surplus_wad = self.surplus_wad.checked_add(amount).ok_or(overflow())?;
            let mut coin: contract_ref!(StablecoinMinter) = self.stablecoin.into();
            checked(
                coin.call_mut()
                    .mint(self.env().account_id(), amount)
                    .try_invoke(),
            )
        }

        fn heal_bad_debt(&mut self) -> Result<()> {
            let amount = self.surplus_wad.min(self.bad_debt_wad);
            if amount == 0 {
                return Ok(());
            }
            self.burn_from(self.env().account_id(), amount)?;
            self.surplus_wad = self.surplus_wad.checked_sub(amount).ok_or(overflow())?;
            self.bad_debt_wad = self.bad_debt_wad.checked_sub(amount).ok_or(overflow())?;
            self.env().emit_event(BadDebtHealed {
                amount_wad: amount,
                bad_debt_wad: self.bad_debt_wad,
            });
            Ok(())
        }

        /// Removes normalised debt from a position, its class and its debtor's exposure.
        fn remove_art(&mut self, pos: &mut Position, class: &mut Class, art: u128) -> Result<()> {
            pos.art = pos.art.checked_sub(art).ok_or(overflow())?;
            class.state.total_art = class.state.total_art.checked_sub(art).ok_or(overflow())?;
            if let Some(debtor) = pos.debtor {
                let key = (pos.class_id, debtor);
                let left = self
                    .debtor_art
                    .get(key)
                    .unwrap_or(0)
                    .checked_sub(art)
                    .ok_or(overflow())?;
                if left == 0 {
                    self.debtor_art.remove(key);
                } else {
                    self.debtor_art.insert(key, &left);
                }
            }
            Ok(())
        }

        /// `amount_wad` of a liquidating position's liquidation debt was recovered (or is being
        /// written off): it stops counting against the class ceiling and the debtor's line.
        fn unseize(&mut self, position_id: PositionId, amount_wad: u128) -> Result<()> {
            let left = self
                .liquidating
                .get(position_id)
                .ok_or(VaultError::NotSeized)?
                .checked_sub(amount_wad)
                .ok_or(overflow())?;
            self.liquidating.insert(position_id, &left);
            let pos = self
                .positions
                .get(position_id)
                .ok_or(VaultError::PositionNotFound)?;
            let class_left = self
                .class_seized
                .get(pos.class_id)
                .unwrap_or(0)
                .checked_sub(amount_wad)
                .ok_or(overflow())?;
            if class_left == 0 {
                self.class_seized.remove(pos.class_id);
            } else {
                self.class_seized.insert(pos.class_id, &class_left);
            }
            if let Some(debtor) = pos.debtor {
                let key = (pos.class_id, debtor);
                let left = self
                    .debtor_seized
                    .get(key)
                    .unwrap_or(0)
                    .checked_sub(amount_wad)
                    .ok_or(overflow())?;
                if left == 0 {
                    self.debtor_seized.remove(key);
                } else {
                    self.debtor_seized.insert(key, &left);
                }
            }
            Ok(())
        }

        /// A liquidation of a position financing a debtor ended `written_off_wad` short: the loss
        /// stays on the debtor's line.
        fn record_loss(&mut self, position_id: PositionId, written_off_wad: u128) -> Result<()> {
            let debtor = match self.positions.get(position_id).and_then(|p| p.debtor) {
                Some(d) if written_off_wad > 0 => d,
                _ => return Ok(()),
            };
            let losses = self
                .debtor_losses
                .get(debtor)
                .unwrap_or(0)
                .checked_add(written_off_wad)
                .ok_or(overflow())?;
            self.debtor_losses.insert(debtor, &losses);
            self.env().emit_event(DebtorLossRecorded {
                debtor,
                written_off_wad,
                losses_wad: losses,
            });
            Ok(())
        }

        /// A position holding no NFT has no price key; one also free of debt is no longer tied to
        /// a debtor.
        fn release_ties(&self, pos: &mut Position) {
            if pos.assets.is_empty() {
                pos.price_key = None;
                if pos.art == 0 {
                    pos.debtor = None;
                }
            }
        }

        fn ensure_safe(&self, pos: &Position, class: &Class) -> Result<()> {
            if pos.art == 0 {
                return Ok(());
            }
            let debt = fees::debt_wad(pos.art, class.state.rate)?;
            let value = self.lend_value(pos, &class.params)?;
            if valuation::is_safe(debt, value, class.params.liquidation_ratio)? {
                Ok(())
            } else {
                Err(VaultError::Unsafe)
            }
        }

        /// What `pos` is worth to lend against: its invoices at its debtor's grade (see
        /// `lend_rates`), its goods at their condition.
        fn lend_value(&self, pos: &Position, params: &ClassParams) -> Result<u128> {
            let rates = self.lend_rates(pos)?;
            Ok(self
                .appraise(&pos.assets, pos.class_id, params, Purpose::Lend, rates)?
                .0)
        }

        /// The pledged NFTs' value now for `purpose` (see `valuation.rs`: which statuses count,
        /// and which side of the oracle's answer), and each as the liquidation engine would treat
        /// it: what it may be sold for (Confirmed only), what its debtor owes, who that is. Asks
        /// the oracle once per key (a position has one), and not at all for the stablecoin's own
        /// unit or for NFTs that count for nothing. An NFT the oracle cannot price (stale,
        /// suspended, unknown key) fails the call with the oracle's error, never a silent 0:
        /// borrowing, withdrawing, liquidating and revaluing all wait for a price.
        fn appraise(
            &self,
            assets: &[AssetId],
            class_id: ClassId,
            params: &ClassParams,
            purpose: Purpose,
            rates: Option<InvoiceRates>,
        ) -> Result<(u128, Vec<SeizedAsset>)> {
            let now = self.env().block_timestamp();
            let oracle: contract_ref!(PriceFeed) = self.oracle.into();
            let mut priced: Option<(PriceKey, u128)> = None;
            let mut total: u128 = 0;
            let mut out = Vec::with_capacity(assets.len());
            // Goods' condition factors, asked at the first lot that needs one.
            let mut factors: Option<Option<Vec<Option<u128>>>> = None;
            for (i, asset_id) in assets.iter().enumerate() {
                let pledge = self.pledges.get(asset_id).ok_or(VaultError::NotPledged)?;
                let mut seized = SeizedAsset {
                    asset_id: *asset_id,
                    value_wad: 0,
                    owed_wad: 0,
                    debtor: match &pledge.kind {
                        AssetKind::Invoice(t) => Some(t.debtor),
                        _ => None,
                    },
                    void: pledge.void,
                };
                if valuation::counts(pledge.status, pledge.void, purpose) {
                    let key = pledge.kind.price_key();
                    let price = match priced {
                        Some((k, p)) if k == key => p,
                        _ => {
                            // The stablecoin's own unit is worth exactly one of itself.
                            let p = if key == self.unit_key {
                                WAD
                            } else {
                                purpose.price_wad(&self.fresh_price(&oracle, key)?)
                            };
                            priced = Some((key, p));
                            p
                        }
                    };
                    let value = match &pledge.kind {
                        AssetKind::Invoice(t) => {
                            valuation::graded_invoice_value_wad(t, price, now, params, rates)?
                        }
                        _ => {
                            let v = valuation::asset_value_wad(&pledge.kind, price, now, params)?;
                            if factors.is_none() {
                                factors = Some(self.condition_factors(assets, class_id)?);
                            }
                            match factors.as_ref().and_then(|f| f.as_ref()) {
                                // A lot the monitor gave no answer for is unknown: worth 0.
                                Some(f) => scf_rules::condition::kept_value_wad(
                                    v,
                                    f.get(i).copied().flatten(),
                                )?,
                                None => v,
                            }
                        }
                    };
                    total = total.checked_add(value).ok_or(overflow())?;
                    if pledge.status == AssetStatus::Confirmed {
                        seized.value_wad = value;
                        if let AssetKind::Invoice(t) = &pledge.kind {
                            seized.owed_wad = mul_div_up(t.face_value_wad, price, WAD)?;
                        }
                    }
                }
                out.push(seized);
            }
            Ok((total, out))
        }

        /// The condition factor of each of `assets` (goods) under class `class_id`'s policy, asked
        /// once per valuation: one monitor call per position, not one per lot (each call loads the
        /// monitor's code into the proof). No monitor: None (goods keep their terms' value). A
        /// monitor that cannot answer refuses the valuation (fail closed, as a missing price
        /// does), never counts a lot at 0 or whole.
        fn condition_factors(
            &self,
            assets: &[AssetId],
            class_id: ClassId,
        ) -> Result<Option<Vec<Option<u128>>>> {
            let Some(monitor) = self.condition_monitor else {
                return Ok(None);
            };
            let feed: contract_ref!(ConditionFeed) = monitor.into();
            Ok(Some(plain(
                feed.call()
                    .condition_factors(assets.to_vec(), class_id)
                    .try_invoke(),
            )?))
        }

        /// What `pos`'s class lends against its debtor's invoices by the debtor's grade (None: no
        /// pricer, no debtor, or the class prices no grade). Asked once per valuation: a position
        /// finances one debtor. Only lending asks: the liquidation check keeps the class's terms.
        /// A pricer that cannot answer, or a debtor's stale score, refuses the valuation.
        fn lend_rates(&self, pos: &Position) -> Result<Option<InvoiceRates>> {
            let (Some(pricer), Some(debtor)) = (self.credit_pricer, pos.debtor) else {
                return Ok(None);
            };
            let p: contract_ref!(CreditPricing) = pricer.into();
            checked(p.call().invoice_rates(pos.class_id, debtor).try_invoke())
        }

        /// Total debt of all classes, with `class_id` replaced by `updated` (bounded by MAX_CLASSES;
        /// other classes count at their stored rate).
        fn global_debt_with(&self, class_id: ClassId, updated: &Class) -> Result<u128> {
            let mut total: u128 = 0;
            for id in 0..self.class_count {
                let debt = if id == class_id {
                    fees::debt_wad(updated.state.total_art, updated.state.rate)?
                } else {
                    match self.classes.get(id) {
                        Some(c) => fees::debt_wad(c.state.total_art, c.state.rate)?,
                        None => 0,
                    }
                };
                total = total.checked_add(debt).ok_or(overflow())?;
            }
            Ok(total)
        }

        fn burn_from(&mut self, from: AccountId, amount_wad: u128) -> Result<()> {
            if amount_wad == 0 {
                return Ok(());
            }
            let mut coin: contract_ref!(StablecoinMinter) = self.stablecoin.into();
            checked(coin.call_mut().burn_from(from, amount_wad).try_invoke())
        }

        fn send_nft(&mut self, to: AccountId, asset_id: AssetId) -> Result<()> {
            let mut nft: contract_ref!(PSP34) = self.registry.into();
            checked(
                nft.call_mut()
                    .transfer(to, token_id(asset_id), Vec::new())
                    .try_invoke(),
            )
        }

        fn set_registry_status(&mut self, asset_id: AssetId, status: AssetStatus) -> Result<()> {
            let mut registry: contract_ref!(ReceivableRegistry) = self.registry.into();
            checked(
                registry
                    .call_mut()
                    .set_status(asset_id, status)
                    .try_invoke(),
            )
        }

        /// A status change of a pledged asset, in the registry and in the vault's copy.
        fn change_status(
            &mut self,
            asset_id: AssetId,
            mut pledge: Pledge,
            from: AssetStatus,
            to: AssetStatus,
        ) -> Result<()> {
            if pledge.status != from {
                return Err(VaultError::InvalidStatus);
            }
            self.set_registry_status(asset_id, to)?;
            self.count_defaults(&pledge.kind, from, to);
            pledge.status = to;
            self.pledges.insert(asset_id, &pledge);
            self.env().emit_event(AssetStatusChanged {
                asset_id,
                status: to,
            });
            Ok(())
        }
    }

    /// The liquidation engine's side of a liquidation (see `custody.rs`); only the engine calls.
    /// Inherent messages with the `Custody` trait's selectors (a facet compiles only its own
    /// group, and ink! compiles a trait impl's dispatch whatever its `cfg`); the engine calls
    /// them through `contract_ref!(Custody)`, and a unit test pins each selector to the trait's.
    impl CollateralVault {
        #[cfg(g_seize)]
        #[ink(message, selector = 0xb696bb2f)]
        pub fn seize(
            &mut self,
            position_id: PositionId,
            keeper: AccountId,
            tip_wad: u128,
            chip_wad: u128,
        ) -> Result<Seizure> {
            self.ensure_engine()?;
            self.ensure_not_paused()?;
            let mut pos = self
                .positions
                .get(position_id)
                .ok_or(VaultError::PositionNotFound)?;
            if self.liquidating.contains(position_id) {
                return Err(VaultError::PositionLiquidating);
            }
            if pos.art == 0 {
                return Err(VaultError::NoDebt);
            }
            let mut class = self.accrue(pos.class_id)?;
            let debt = fees::debt_wad(pos.art, class.state.rate)?;
            // Valued for the liquidation check: the upper price, and a disputed invoice keeps its
            // value until the arbiter rules. An unpriceable NFT refuses the liquidation with the
            // oracle's error instead of counting as 0 (or an hour's outage would make every
            // healthy position liquidatable); the position has one key, so no other key's
            // reporters can hold it up.
            let (value, assets) = self.appraise(
                &pos.assets,
                pos.class_id,
                &class.params,
                Purpose::Liquidate,
                None,
            )?;
            if valuation::is_safe(debt, value, class.params.liquidation_ratio)? {
                return Err(VaultError::PositionSafe);
            }
            let penalty = Wad(debt).mul_up(class.params.liquidation_penalty)?.0;
            // Rounding the debt up to whole units owes the system the difference.
            let rounding = full_mul(debt, RAY)
                .checked_sub(full_mul(pos.art, class.state.rate.0))
                .ok_or(overflow())?;
            self.add_surplus_rad(rounding)?;
            let art = pos.art;
            self.remove_art(&mut pos, &mut class, art)?;
            for a in assets.iter() {
                self.set_hold(a.asset_id, a.value_wad)?;
            }
            let sale_value = assets
                .iter()
                .try_fold(0u128, |acc, a| acc.checked_add(a.value_wad))
                .ok_or(overflow())?;
            // No reward when nothing can be sold, and never to the position's debtor (it could
            // otherwise earn by letting its own invoice run late).
            let reward = if sale_value == 0 || Some(keeper) == pos.debtor {
                0
            } else {
                let chip = Wad(debt).mul_down(Wad(chip_wad))?.0;
                tip_wad.saturating_add(chip).min(penalty)
            };
            // The liquidation debt keeps counting against the class ceiling and the debtor's
            // line until it is recovered or written off (`unseize`).
            let liquidation_debt = debt.checked_add(reward).ok_or(overflow())?;
            self.auction_debt_wad = self
                .auction_debt_wad
                .checked_add(liquidation_debt)
                .ok_or(overflow())?;
            self.liquidating.insert(position_id, &liquidation_debt);
            let class_seized = self
                .class_seized
                .get(pos.class_id)
                .unwrap_or(0)
                .checked_add(liquidation_debt)
                .ok_or(overflow())?;
            self.class_seized.insert(pos.class_id, &class_seized);
            if let Some(debtor) = pos.debtor {
                let key = (pos.class_id, debtor);
                let seized = self
                    .debtor_seized
                    .get(key)
                    .unwrap_or(0)
                    .checked_add(liquidation_debt)
                    .ok_or(overflow())?;
                self.debtor_seized.insert(key, &seized);
            }
            pos.assets = Vec::new();
            pos.price_key = None;
            self.positions.insert(position_id, &pos);
            self.classes.insert(pos.class_id, &class);
            if reward > 0 {
                let mut coin: contract_ref!(StablecoinMinter) = self.stablecoin.into();
                checked(coin.call_mut().mint(keeper, reward).try_invoke())?;
            }
            self.flush_surplus()?;
            self.env().emit_event(PositionSeized {
                position_id,
                debt_wad: debt,
                penalty_wad: penalty,
                collateral_value_wad: value,
                keeper,
                keeper_reward_wad: reward,
            });
            Ok(Seizure {
                owner: pos.owner,
                class_id: pos.class_id,
                debt_wad: debt,
                penalty_wad: penalty,
                collateral_value_wad: value,
                keeper_reward_wad: reward,
                assets,
                terms: Self::sale_terms(&class.params),
            })
        }

        #[cfg(g_seize)]
        #[ink(message, selector = 0x7b81ca5d)]
        pub fn revalue(&mut self, asset_id: AssetId) -> Result<(SeizedAsset, SaleTerms)> {
            self.ensure_engine()?;
            self.ensure_not_paused()?;
            let pledge = self.seized(asset_id)?;
            let pos = self
                .positions
                .get(pledge.position_id)
                .ok_or(VaultError::PositionNotFound)?;
            let class = self
                .classes
                .get(pos.class_id)
                .ok_or(VaultError::ClassNotFound)?;
            let (_, mut assets) = self.appraise(
                &[asset_id],
                pos.class_id,
                &class.params,
                Purpose::Liquidate,
                None,
            )?;
            let asset = assets.pop().ok_or(VaultError::NotPledged)?;
            self.set_hold(asset_id, asset.value_wad)?;
            Ok((asset, Self::sale_terms(&class.params)))
        }

        #[cfg(g_facts)]
        #[ink(message, selector = 0xe55f1e2d)]
        pub fn amount_due(&self, asset_id: AssetId, payer: AccountId) -> Result<u128> {
            let pledge = self.seized(asset_id)?;
            let terms = match &pledge.kind {
                AssetKind::Invoice(t) => t,
                _ => return Err(VaultError::NotInvoice),
            };
            if payer != terms.debtor {
                return Err(VaultError::NotDebtor);
            }
            if !matches!(
                pledge.status,
                AssetStatus::Confirmed | AssetStatus::Defaulted
            ) {
                return Err(VaultError::InvalidStatus);
            }
            self.invoice_amount_due(terms)
        }

        #[cfg(g_sale)]
        #[ink(message, selector = 0x7ac58040)]
        pub fn release(&mut self, releases: Vec<Release>, end: Option<PositionId>) -> Result<()> {
            self.ensure_engine()?;
            if releases.len() > MAX_ASSETS_PER_POSITION.saturating_add(1) {
                return Err(VaultError::TooManyReleases);
            }
            let received = releases.iter().try_fold(0u128, |acc, r| {
                r.proceeds.total_wad().and_then(|t| acc.checked_add(t))
            });
            let received = received.ok_or(overflow())?;
            if received > 0 {
                // The engine is trusted, but its word is not taken for money: the proceeds must
                // be here, on top of the surplus, before they are booked.
                let coin: contract_ref!(PSP22) = self.stablecoin.into();
                let balance = plain(coin.call().balance_of(self.env().account_id()).try_invoke())?;
                if balance < self.surplus_wad.checked_add(received).ok_or(overflow())? {
                    return Err(VaultError::ProceedsNotReceived);
                }
            }
            let mut burn: u128 = 0;
            for r in releases.iter() {
                let pledge = self.seized(r.asset_id)?;
                let p = &r.proceeds;
                if p.to_debt_wad > 0 {
                    self.unseize(pledge.position_id, p.to_debt_wad)?;
                }
                self.auction_debt_wad = self
                    .auction_debt_wad
                    .checked_sub(p.to_debt_wad)
                    .ok_or(overflow())?;
                // A loss repaid burns bad debt first, and refills the surplus that covered the rest.
                let healed = p.to_loss_wad.min(self.bad_debt_wad);
                self.bad_debt_wad = self.bad_debt_wad.saturating_sub(healed);
                let kept = p
                    .to_penalty_wad
                    .checked_add(p.to_loss_wad.saturating_sub(healed))
                    .ok_or(overflow())?;
                self.surplus_wad = self.surplus_wad.checked_add(kept).ok_or(overflow())?;
                burn = burn
                    .checked_add(p.to_debt_wad)
                    .and_then(|b| b.checked_add(healed))
                    .ok_or(overflow())?;
                self.pledges.remove(r.asset_id);
                if r.settled {
                    self.count_defaults(&pledge.kind, pledge.status, AssetStatus::Settled);
                    let mut registry: contract_ref!(ReceivableRegistry) = self.registry.into();
                    checked(
                        registry
                            .call_mut()
                            .release(r.asset_id, r.to, AssetStatus::Settled)
                            .try_invoke(),
                    )?;
                } else {
                    self.send_nft(r.to, r.asset_id)?;
                }
                self.env().emit_event(CollateralReleased {
                    asset_id: r.asset_id,
                    to: r.to,
                    settled: r.settled,
                    to_debt_wad: p.to_debt_wad,
                    to_penalty_wad: p.to_penalty_wad,
                    to_loss_wad: p.to_loss_wad,
                    bad_debt_healed_wad: healed,
                });
            }
            self.burn_from(self.env().account_id(), burn)?;
            if let Some(position_id) = end {
                // The shortfall is what the vault itself still records for the liquidation, not
                // the engine's word: it is written off, and stops counting against the ceilings
                // and the debtor's line.
                let shortfall = self
                    .liquidating
                    .get(position_id)
                    .ok_or(VaultError::NotSeized)?;
                self.unseize(position_id, shortfall)?;
                self.liquidating.remove(position_id);
                self.record_loss(position_id, shortfall)?;
                self.auction_debt_wad = self
                    .auction_debt_wad
                    .checked_sub(shortfall)
                    .ok_or(overflow())?;
                self.bad_debt_wad = self.bad_debt_wad.checked_add(shortfall).ok_or(overflow())?;
                if let Some(mut pos) = self.positions.get(position_id) {
                    self.release_ties(&mut pos);
                    self.positions.insert(position_id, &pos);
                }
                self.env().emit_event(LiquidationFinished {
                    position_id,
                    shortfall_wad: shortfall,
                });
                self.heal_bad_debt()?;
            }
            Ok(())
        }

        #[cfg(g_facts)]
        #[ink(message, selector = 0x42f4d3e8)]
        pub fn resolve_dispute(&mut self, asset_id: AssetId, invoice_valid: bool) -> Result<()> {
            self.ensure_engine()?;
            let mut pledge = self.pledges.get(asset_id).ok_or(VaultError::NotPledged)?;
            if pledge.status != AssetStatus::Disputed || pledge.void {
                return Err(VaultError::InvalidStatus);
            }
            if invoice_valid {
                self.change_status(
                    asset_id,
                    pledge,
                    AssetStatus::Disputed,
                    AssetStatus::Confirmed,
                )?;
            } else {
                // Void: worth nothing from now on, also for the liquidation check.
                pledge.void = true;
                self.pledges.insert(asset_id, &pledge);
            }
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::params::tests::invoice_params;
        use ink::env::test;

        type Env = ink::env::DefaultEnvironment;

        fn accounts() -> test::DefaultAccounts<Env> {
            test::default_accounts::<Env>()
        }

        /// A vault deployed by alice (admin) with bob as guardian and one invoice class.
        fn vault_with_class() -> CollateralVault {
            let a = accounts();
            test::set_caller::<Env>(a.alice);
            let mut v = CollateralVault::new(
                a.django,
                a.eve,
                a.frank,
                a.bob,
                1_000_000 * scf_interfaces::WAD,
                scf_interfaces::price_key("TUSD"),
                Facets {
                    pledge: [1; 32].into(),
                    lend: [2; 32].into(),
                    repay: [3; 32].into(),
                    invoices: [4; 32].into(),
                    seize: [5; 32].into(),
                    sale: [6; 32].into(),
                    admin: [7; 32].into(),
                    views: [8; 32].into(),
                    facts: [9; 32].into(),
                    withdraw: [10; 32].into(),
                },
                DataSources::default(),
            );
            assert_eq!(v.add_class(invoice_params()), Ok(0));
            v
        }

        fn events() -> usize {
            test::recorded_events().count()
        }

        #[ink::test]
        fn constructor_records_roles_and_contracts() {
            let a = accounts();
            let v = vault_with_class();
            assert_eq!(v.admin(), a.alice);
            assert_eq!(v.guardian(), a.bob);
            assert_eq!(v.contracts(), (a.django, a.eve, a.frank));
            assert!(!v.is_paused());
            let class = v.class(0).unwrap();
            assert_eq!(class.params, invoice_params());
            assert_eq!(class.state.rate, scf_interfaces::Ray::ONE);
            assert_eq!(class.state.total_art, 0);
        }

        #[ink::test]
        fn only_admin_adds_valid_classes() {
            let a = accounts();
            let mut v = vault_with_class();
            let before = events();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.add_class(invoice_params()), Err(VaultError::NotAdmin));
            test::set_caller::<Env>(a.alice);
            let mut bad = invoice_params();
            bad.liquidation_ratio = Wad(scf_interfaces::WAD - 1);
            assert_eq!(v.add_class(bad), Err(VaultError::InvalidParams));
            assert_eq!(v.class(1), None);
            assert_eq!(events(), before);
            assert_eq!(v.add_class(invoice_params()), Ok(1));
            assert_eq!(events(), before + 1);
        }

        #[ink::test]
        fn class_count_is_bounded() {
            let mut v = vault_with_class();
            for id in 1..MAX_CLASSES {
                assert_eq!(v.add_class(invoice_params()), Ok(id));
            }
            assert_eq!(
                v.add_class(invoice_params()),
                Err(VaultError::TooManyClasses)
            );
        }

        #[ink::test]
        fn class_kind_cannot_change() {
            let mut v = vault_with_class();
            let mut p = invoice_params();
            p.kind = scf_interfaces::AssetKindCode::WarehouseReceipt;
            assert_eq!(v.set_class_params(0, p), Err(VaultError::InvalidParams));
            let mut p = invoice_params();
            p.dust_wad = 7;
            assert_eq!(v.set_class_params(0, p.clone()), Ok(()));
            assert_eq!(v.class(0).unwrap().params, p);
            assert_eq!(v.set_class_params(9, p), Err(VaultError::ClassNotFound));
        }

        #[ink::test]
        fn positions_are_numbered_and_owned() {
            let a = accounts();
            let mut v = vault_with_class();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.open_position(0), Ok(1));
            assert_eq!(v.open_position(0), Ok(2));
            assert_eq!(v.open_position(5), Err(VaultError::ClassNotFound));
            let pos = v.position(1).unwrap();
            assert_eq!(
                pos,
                Position {
                    owner: a.charlie,
                    class_id: 0,
                    art: 0,
                    assets: Vec::new(),
                    debtor: None,
                    price_key: None
                }
            );
            assert_eq!(v.books().position_count, 2);
            // Someone else cannot act as the owner.
            test::set_caller::<Env>(a.django);
            assert_eq!(v.borrow(1, 10), Err(VaultError::NotOwner));
            assert_eq!(v.withdraw(1, 10), Err(VaultError::NotOwner));
            assert_eq!(v.close(1), Err(VaultError::NotOwner));
            assert_eq!(v.deposit(1, 10), Err(VaultError::NotOwner));
        }

        #[ink::test]
        fn zero_amounts_and_missing_debt_are_refused() {
            let a = accounts();
            let mut v = vault_with_class();
            test::set_caller::<Env>(a.charlie);
            v.open_position(0).unwrap();
            assert_eq!(v.borrow(1, 0), Err(VaultError::ZeroAmount));
            assert_eq!(v.repay(1, 0), Err(VaultError::ZeroAmount));
            assert_eq!(v.repay(1, 5), Err(VaultError::NoDebt));
            assert_eq!(v.repay(7, 5), Err(VaultError::PositionNotFound));
            assert_eq!(v.withdraw(1, 3), Err(VaultError::NotPledged));
            assert_eq!(v.settle(3), Err(VaultError::NotPledged));
            assert_eq!(v.dispute(3), Err(VaultError::NotPledged));
            assert_eq!(v.mark_defaulted(3), Err(VaultError::NotPledged));
        }

        /// The inherent `seize` … messages carry the `Custody` trait's selectors, which the engine
        /// computes from the trait (`contract_ref!(Custody)`).
        #[test]
        fn custody_messages_carry_the_traits_selectors() {
            let sel = |bytes: [u8; 4]| u32::from_be_bytes(bytes);
            assert_eq!(sel(ink::selector_bytes!("Custody::seize")), 0xb696bb2f);
            assert_eq!(sel(ink::selector_bytes!("Custody::revalue")), 0x7b81ca5d);
            assert_eq!(sel(ink::selector_bytes!("Custody::amount_due")), 0xe55f1e2d);
            assert_eq!(sel(ink::selector_bytes!("Custody::release")), 0x7ac58040);
            assert_eq!(
                sel(ink::selector_bytes!("Custody::resolve_dispute")),
                0x42f4d3e8
            );
        }

        #[ink::test]
        fn only_the_engine_set_once_uses_the_custody_messages() {
            let a = accounts();
            let mut v = vault_with_class();
            test::set_caller::<Env>(a.charlie);
            v.open_position(0).unwrap();
            assert_eq!(v.set_liquidation_engine(a.eve), Err(VaultError::NotAdmin));
            // No engine yet: nobody may seize, not even the admin.
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.seize(1, a.alice, 0, 0), Err(VaultError::NotEngine));
            let before = events();
            assert_eq!(v.set_liquidation_engine(a.eve), Ok(()));
            assert_eq!(events(), before + 1);
            assert_eq!(v.liquidation_engine(), Some(a.eve));
            assert_eq!(
                v.set_liquidation_engine(a.charlie),
                Err(VaultError::EngineAlreadySet)
            );
            for caller in [a.alice, a.charlie, a.bob] {
                test::set_caller::<Env>(caller);
                assert_eq!(v.seize(1, caller, 0, 0), Err(VaultError::NotEngine));
                assert_eq!(v.revalue(3), Err(VaultError::NotEngine));
                let release = Release {
                    asset_id: 3,
                    to: caller,
                    settled: false,
                    proceeds: Proceeds::default(),
                };
                assert_eq!(v.release(vec![release], None), Err(VaultError::NotEngine));
                assert_eq!(v.release(vec![], Some(1)), Err(VaultError::NotEngine));
                assert_eq!(v.resolve_dispute(3, true), Err(VaultError::NotEngine));
            }
            test::set_caller::<Env>(a.eve);
            assert_eq!(v.seize(1, a.eve, 0, 0), Err(VaultError::NoDebt));
            assert_eq!(v.seize(9, a.eve, 0, 0), Err(VaultError::PositionNotFound));
            assert_eq!(v.revalue(3), Err(VaultError::NotPledged));
            assert_eq!(v.release(vec![], Some(1)), Err(VaultError::NotSeized));
            let many = (0..10)
                .map(|i| Release {
                    asset_id: i,
                    to: a.eve,
                    settled: false,
                    proceeds: Proceeds::default(),
                })
                .collect();
            assert_eq!(v.release(many, None), Err(VaultError::TooManyReleases));
            assert_eq!(v.amount_due(3, a.eve), Err(VaultError::NotPledged));
            assert!(!v.is_liquidating(1));
            assert_eq!(events(), before + 1);
        }

        #[ink::test]
        fn closing_an_empty_debt_free_position_removes_it() {
            let a = accounts();
            let mut v = vault_with_class();
            test::set_caller::<Env>(a.charlie);
            v.open_position(0).unwrap();
            assert_eq!(v.close(1), Ok(()));
            assert_eq!(v.position(1), None);
        }

        #[ink::test]
        fn guardian_or_admin_pause_and_pause_blocks_risky_operations() {
            let a = accounts();
            let mut v = vault_with_class();
            test::set_caller::<Env>(a.charlie);
            v.open_position(0).unwrap();
            assert_eq!(v.pause(), Err(VaultError::NotGuardian));
            test::set_caller::<Env>(a.bob);
            assert_eq!(v.pause(), Ok(()));
            assert!(v.is_paused());
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.borrow(1, 10), Err(VaultError::Paused));
            assert_eq!(v.withdraw(1, 1), Err(VaultError::Paused));
            assert_eq!(v.set_liquidation_engine(a.eve), Err(VaultError::NotAdmin));
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.set_liquidation_engine(a.eve), Ok(()));
            test::set_caller::<Env>(a.eve);
            assert_eq!(v.seize(1, a.eve, 0, 0), Err(VaultError::Paused));
            assert_eq!(v.revalue(1), Err(VaultError::Paused));
            test::set_caller::<Env>(a.charlie);
            // Repay is never paused: it fails here only because there is no debt.
            assert_eq!(v.repay(1, 10), Err(VaultError::NoDebt));
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.unpause(), Ok(()));
            assert!(!v.is_paused());
        }

        #[ink::test]
        fn admin_transfer_is_two_step() {
            let a = accounts();
            let mut v = vault_with_class();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.transfer_admin(a.charlie), Err(VaultError::NotAdmin));
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.transfer_admin(a.charlie), Ok(()));
            assert_eq!(v.admin(), a.alice);
            test::set_caller::<Env>(a.django);
            assert_eq!(v.accept_admin(), Err(VaultError::NotPendingAdmin));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.accept_admin(), Ok(()));
            assert_eq!(v.admin(), a.charlie);
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.set_guardian(a.alice), Err(VaultError::NotAdmin));
            assert_eq!(v.set_global_debt_ceiling(1), Err(VaultError::NotAdmin));
            assert_eq!(v.withdraw_surplus(a.alice, 1), Err(VaultError::NotAdmin));
        }

        #[ink::test]
        fn withdrawing_more_surplus_than_collected_is_refused() {
            let a = accounts();
            let mut v = vault_with_class();
            assert_eq!(
                v.withdraw_surplus(a.alice, 1),
                Err(VaultError::InsufficientSurplus)
            );
            assert_eq!(v.withdraw_surplus(a.alice, 0), Err(VaultError::ZeroAmount));
        }

        #[ink::test]
        fn only_the_admin_grants_underwriters_and_only_underwriters_approve_debtors() {
            let a = accounts();
            let mut v = vault_with_class();
            let before = events();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.grant_underwriter(a.charlie), Err(VaultError::NotAdmin));
            assert_eq!(
                v.approve_debtor(a.django, 1_000),
                Err(VaultError::NotUnderwriter)
            );
            assert_eq!(v.suspend_debtor(a.django), Err(VaultError::NotUnderwriter));
            assert_eq!(events(), before);
            assert_eq!(v.debtor_line(a.django), None);

            test::set_caller::<Env>(a.alice);
            // Approving debtors is not the admin's power: it cannot grant itself the role.
            assert_eq!(
                v.grant_underwriter(a.alice),
                Err(VaultError::AdminCannotUnderwrite)
            );
            assert!(!v.is_underwriter(a.alice));
            assert_eq!(v.grant_underwriter(a.charlie), Ok(()));
            assert!(v.is_underwriter(a.charlie));
            // The admin is not an underwriter by rank.
            assert_eq!(
                v.approve_debtor(a.django, 1_000),
                Err(VaultError::NotUnderwriter)
            );
            test::set_caller::<Env>(a.charlie);
            assert_eq!(
                v.suspend_debtor(a.django),
                Err(VaultError::DebtorNotApproved)
            );
            assert_eq!(v.approve_debtor(a.django, 1_000), Ok(()));
            assert_eq!(
                v.debtor_line(a.django),
                Some(DebtorLine {
                    credit_limit_wad: 1_000,
                    suspended: false
                })
            );
            assert_eq!(v.suspend_debtor(a.django), Ok(()));
            assert_eq!(v.suspend_debtor(a.django), Err(VaultError::DebtorSuspended));
            assert!(v.debtor_line(a.django).unwrap().suspended);
            // Approving again reinstates, with the new limit.
            assert_eq!(v.approve_debtor(a.django, 7), Ok(()));
            assert_eq!(
                v.debtor_line(a.django),
                Some(DebtorLine {
                    credit_limit_wad: 7,
                    suspended: false
                })
            );
            assert_eq!(v.debtor_exposure(a.django), Ok(0));
            // A revoked underwriter approves nothing.
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.revoke_underwriter(a.charlie), Ok(()));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(
                v.approve_debtor(a.eve, 1_000),
                Err(VaultError::NotUnderwriter)
            );
            assert_eq!(v.debtor_line(a.eve), None);
        }

        #[ink::test]
        fn a_restricted_class_is_open_to_listed_suppliers_only() {
            let a = accounts();
            let mut v = vault_with_class();
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.set_class_restricted(0, true), Err(VaultError::NotAdmin));
            assert_eq!(
                v.set_class_supplier(0, a.charlie, true),
                Err(VaultError::NotAdmin)
            );
            test::set_caller::<Env>(a.alice);
            assert_eq!(
                v.set_class_restricted(3, true),
                Err(VaultError::ClassNotFound)
            );
            assert_eq!(v.set_class_restricted(0, true), Ok(()));
            assert!(v.is_class_restricted(0));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.open_position(0), Err(VaultError::SupplierNotAllowed));
            assert_eq!(v.books().position_count, 0);
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.set_class_supplier(0, a.charlie, true), Ok(()));
            assert!(v.is_class_supplier(0, a.charlie));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.open_position(0), Ok(1));
            // Delisted: borrowing stops (repaying never does).
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.set_class_supplier(0, a.charlie, false), Ok(()));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.borrow(1, 10), Err(VaultError::SupplierNotAllowed));
            assert_eq!(v.repay(1, 10), Err(VaultError::NoDebt));
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.set_class_restricted(0, false), Ok(()));
            test::set_caller::<Env>(a.django);
            assert_eq!(v.open_position(0), Ok(2));
        }

        #[ink::test]
        fn only_the_admin_sets_the_max_price_age_within_bounds() {
            let a = accounts();
            let mut v = vault_with_class();
            assert_eq!(v.max_price_age(), DEFAULT_MAX_PRICE_AGE_MS);
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.set_max_price_age(600_000), Err(VaultError::NotAdmin));
            test::set_caller::<Env>(a.alice);
            let before = events();
            for bad in [0, MIN_PRICE_AGE_MS - 1, MAX_PRICE_AGE_MS + 1, u64::MAX] {
                assert_eq!(v.set_max_price_age(bad), Err(VaultError::InvalidParams));
            }
            assert_eq!(events(), before);
            assert_eq!(v.set_max_price_age(MIN_PRICE_AGE_MS), Ok(()));
            assert_eq!(v.max_price_age(), MIN_PRICE_AGE_MS);
            assert_eq!(events(), before + 1);
        }

        #[ink::test]
        fn only_the_admin_unpauses_sets_the_buffer_and_the_class_keys() {
            let a = accounts();
            let mut v = vault_with_class();
            test::set_caller::<Env>(a.bob);
            assert_eq!(v.pause(), Ok(()));
            // The guardian cannot undo a pause.
            assert_eq!(v.unpause(), Err(VaultError::NotAdmin));
            test::set_caller::<Env>(a.charlie);
            assert_eq!(v.unpause(), Err(VaultError::NotAdmin));
            assert!(v.is_paused());
            assert_eq!(v.set_surplus_buffer(5), Err(VaultError::NotAdmin));
            let usd = scf_interfaces::price_key("USD");
            assert_eq!(
                v.set_class_price_keys(0, vec![usd]),
                Err(VaultError::NotAdmin)
            );
            test::set_caller::<Env>(a.alice);
            assert_eq!(v.unpause(), Ok(()));
            assert_eq!(v.set_surplus_buffer(5), Ok(()));
            assert_eq!(v.surplus_buffer(), 5);
            assert_eq!(v.class_price_keys(0), Vec::<PriceKey>::new());
            assert_eq!(
                v.set_class_price_keys(0, vec![usd; MAX_KEYS_PER_CLASS + 1]),
                Err(VaultError::InvalidParams)
            );
            assert_eq!(
                v.set_class_price_keys(4, vec![usd]),
                Err(VaultError::ClassNotFound)
            );
            assert_eq!(v.set_class_price_keys(0, vec![usd]), Ok(()));
            assert_eq!(v.class_price_keys(0), vec![usd]);
            // Nothing to withdraw above the buffer.
            assert_eq!(
                v.withdraw_surplus(a.alice, 1),
                Err(VaultError::InsufficientSurplus)
            );
        }

        #[ink::test]
        fn position_debt_grows_with_time_without_writing_state() {
            let a = accounts();
            let mut v = vault_with_class();
            test::set_caller::<Env>(a.charlie);
            v.open_position(0).unwrap();
            // No debt: nothing accrues whatever the time.
            test::set_block_timestamp::<Env>(31_536_000_000);
            assert_eq!(v.position_debt(1), Ok(0));
            assert_eq!(v.class(0).unwrap().state.last_accrual_ms, 0);
        }
    }
}
