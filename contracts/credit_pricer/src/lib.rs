//! Credit pricer: what each invoice class advances against a debtor's invoices, from the debtor's
//! payment record.
//!
//! * **The grade** is computed on chain, on every question, from the registry's payment record
//!   (`scf_rules::grade::grade_of`): only adverse facts (late settlements, days late, defaults,
//!   disputes) move it, never on-time settlements, which a supplier and its debtor can buy with
//!   circular payments. E = a default still unpaid.
//! * **The table.** Each class maps grades A–D to an advance rate and a discount rate. The
//!   admin sets the bounds a class's table must keep within; the risk desk sets the table
//!   (`scf_rules::grade::validate`: within the bounds, and a worse grade never advances more nor is
//!   discounted less). E advances nothing.
//! * **The score.** An off-chain risk scorer (`scf-deploy score`) posts a per-debtor score as an
//!   oracle key, under the oracle's reporters, quorum and staleness; the admin names the key. The
//!   score can lower the grade's advance and never raise it (`scored_advance_wad`). A debtor with
//!   a score key and no fresh score gets the oracle's error: no new credit on a score nobody can
//!   read.
//!
//! The vault asks [`CreditPricing::invoice_rates`] when it values invoices for lending
//! (borrowing, withdrawing, max borrow): the grade can only tighten a class (the vault takes the
//! larger of the class's and the grade's discount rate), and never touches the liquidation check,
//! so a debtor's late payment elsewhere makes no existing position liquidatable.
#![cfg_attr(not(feature = "std"), no_std, no_main)]
#![allow(clippy::cast_possible_truncation)]

pub mod data;
pub mod errors;
pub mod events;

pub use data::{Bounds, Rates, Table};
pub use errors::PricerError;

pub use self::credit_pricer::{CreditPricer, CreditPricerRef};

#[cfg(test)]
mod tests;

#[ink::contract]
mod credit_pricer {
    use crate::data::{self, Bounds, Table};
    use crate::events::*;
    use crate::PricerError;
    use ink::codegen::TraitCallBuilder;
    use ink::contract_ref;
    use ink::storage::Mapping;
    use scf_interfaces::calls::plain;
    use scf_interfaces::{
        Admin, CreditPricing, InvoiceRates, OracleError, PaymentRecord, PriceFeed, PriceKey,
        ReceivableRegistry,
    };
    use scf_rules::grade::{self, Grade};

    type Result<T> = core::result::Result<T, PricerError>;

    #[ink(storage)]
    pub struct CreditPricer {
        admin: Admin,
        /// Sets each class's grade table, within the admin's bounds.
        risk_desk: AccountId,
        /// The payment records.
        registry: AccountId,
        /// The scores.
        oracle: AccountId,
        bounds: Mapping<u32, Bounds>,
        tables: Mapping<u32, Table>,
        score_keys: Mapping<AccountId, PriceKey>,
    }

    impl CreditPricer {
        /// The deployer is the admin and, until it names another, the risk desk.
        #[ink(constructor)]
        pub fn new(registry: AccountId, oracle: AccountId) -> Self {
            let caller = Self::env().caller();
            Self {
                admin: Admin::new(caller),
                risk_desk: caller,
                registry,
                oracle,
                bounds: Mapping::default(),
                tables: Mapping::default(),
                score_keys: Mapping::default(),
            }
        }

        /// Admin: who sets the grade tables.
        #[ink(message)]
        pub fn set_risk_desk(&mut self, risk_desk: AccountId) -> Result<()> {
            self.admin.ensure(self.env().caller())?;
            self.risk_desk = risk_desk;
            self.env().emit_event(RiskDeskSet { risk_desk });
            Ok(())
        }

        /// Admin: the bounds class `class_id`'s table must keep within (None: the class prices
        /// no grade, and its table goes with them).
        ///
        /// # Errors
        /// `NotAdmin`, `Table(BadBounds)`, `TableOutsideBounds` (the current table breaks them).
        #[ink(message)]
        pub fn set_class_bounds(&mut self, class_id: u32, bounds: Option<Bounds>) -> Result<()> {
            self.admin.ensure(self.env().caller())?;
            match bounds {
                Some(b) => {
                    if b.max_advance_wad > scf_interfaces::WAD
                        || b.min_discount_wad > b.max_discount_wad
                    {
                        return Err(PricerError::Table(grade::TableError::BadBounds));
                    }
                    if let Some(t) = self.tables.get(class_id) {
                        grade::validate(&t.into(), &b.into())
                            .map_err(|_| PricerError::TableOutsideBounds)?;
                    }
                    self.bounds.insert(class_id, &b);
                }
                None => {
                    self.bounds.remove(class_id);
                    if self.tables.contains(class_id) {
                        self.tables.remove(class_id);
                        self.env().emit_event(GradeTableSet {
                            class_id,
                            table: None,
                        });
                    }
                }
            }
            self.env().emit_event(BoundsSet { class_id, bounds });
            Ok(())
        }

        /// The risk desk: class `class_id`'s rates per grade (None: the class prices no grade).
        /// Applies to every borrowing from now on, like the vault's own class parameters.
        ///
        /// # Errors
        /// `NotRiskDesk`, `NoBounds`, `Table(..)` (see `scf_rules::grade::validate`).
        #[ink(message)]
        pub fn set_grade_table(&mut self, class_id: u32, table: Option<Table>) -> Result<()> {
            if self.env().caller() != self.risk_desk {
                return Err(PricerError::NotRiskDesk);
            }
            match table {
                Some(t) => {
                    let b = self.bounds.get(class_id).ok_or(PricerError::NoBounds)?;
                    grade::validate(&t.into(), &b.into())?;
                    self.tables.insert(class_id, &t);
                }
                None => self.tables.remove(class_id),
            }
            self.env().emit_event(GradeTableSet { class_id, table });
            Ok(())
        }

        /// Admin: the oracle key carrying `debtor`'s off-chain score (an advance cap, wad), or
        /// None. The oracle's admin names the key's reporters, quorum and max age.
        #[ink(message)]
        pub fn set_score_key(&mut self, debtor: AccountId, key: Option<PriceKey>) -> Result<()> {
            self.admin.ensure(self.env().caller())?;
            match key {
                Some(k) => self.score_keys.insert(debtor, &k),
                None => {
                    self.score_keys.remove(debtor);
                    None
                }
            };
            self.env().emit_event(ScoreKeySet { debtor, key });
            Ok(())
        }

        /// `debtor`'s grade now (0 = A … 4 = E), from its payment record.
        #[ink(message)]
        pub fn grade(&self, debtor: AccountId) -> Result<u8> {
            Ok(self.grade_of(debtor)? as u8)
        }

        #[ink(message)]
        pub fn grade_table(&self, class_id: u32) -> Option<Table> {
            self.tables.get(class_id)
        }

        #[ink(message)]
        pub fn class_bounds(&self, class_id: u32) -> Option<Bounds> {
            self.bounds.get(class_id)
        }

        #[ink(message)]
        pub fn score_key(&self, debtor: AccountId) -> Option<PriceKey> {
            self.score_keys.get(debtor)
        }

        #[ink(message)]
        pub fn risk_desk(&self) -> AccountId {
            self.risk_desk
        }

        #[ink(message)]
        pub fn admin(&self) -> AccountId {
            self.admin.admin()
        }

        #[ink(message)]
        pub fn transfer_admin(&mut self, next: AccountId) -> Result<()> {
            let e = self.admin.start_transfer(self.env().caller(), next)?;
            self.env().emit_event(e);
            Ok(())
        }

        #[ink(message)]
        pub fn accept_admin(&mut self) -> Result<()> {
            let e = self.admin.accept(self.env().caller())?;
            self.env().emit_event(e);
            Ok(())
        }

        fn grade_of(&self, debtor: AccountId) -> Result<Grade> {
            let registry: contract_ref!(ReceivableRegistry) = self.registry.into();
            let record: PaymentRecord =
                plain::<_, PricerError>(registry.call().payment_record(debtor).try_invoke())?;
            Ok(grade::grade_of(&data::history(&record)))
        }
    }

    impl CreditPricing for CreditPricer {
        #[ink(message)]
        fn invoice_rates(
            &self,
            class_id: u32,
            debtor: AccountId,
        ) -> core::result::Result<Option<InvoiceRates>, OracleError> {
            // A class without a table asks nothing more: no registry read, no score.
            let Some(table) = self.tables.get(class_id) else {
                return Ok(None);
            };
            // A registry that cannot answer is no grade at all: refused as an oracle outage is.
            let g = self.grade_of(debtor).map_err(|_| OracleError::NoPrice)?;
            let rates = grade::GradeTable::from(table).rates(g);
            let score = match self.score_keys.get(debtor) {
                Some(key) => {
                    let oracle: contract_ref!(PriceFeed) = self.oracle.into();
                    let answer = oracle
                        .call()
                        .price(key)
                        .try_invoke()
                        .map_err(|_| OracleError::NoPrice)?
                        .map_err(|_| OracleError::NoPrice)??;
                    // The lower middle value: the lender's side, as for prices.
                    Some(answer.price_wad)
                }
                None => None,
            };
            Ok(Some(InvoiceRates {
                grade: g as u8,
                advance_wad: grade::scored_advance_wad(rates.advance_wad, score),
                discount_rate_annual_wad: rates.discount_rate_annual_wad,
            }))
        }
    }
}
