//! The protocol's rules as plain Rust, with no ink! dependency: what a reader opens to learn a
//! rule, what the contracts call, and what a second target (ink! 6 on pallet-revive, an
//! EVM-compatible Rust target) would reuse unchanged.
//!
//! * [`math`] — 256-bit mul-div with explicit rounding, MakerDAO's `rpow`;
//! * [`valuation`] — what an invoice or a lot of goods is worth now, and when a debt is covered;
//! * [`fees`] — stability-fee accrual and normalised debt (MakerDAO's Jug and `art × rate`);
//! * [`auction`] — Dutch auction prices and the split of proceeds (MakerDAO's Clip);
//! * [`oracle`] — the median of the reporters' submissions and the deviation guard;
//! * [`credit`] — what counts against a debtor's credit line;
//! * [`condition`] — what share of its value a lot keeps from its devices' condition reports;
//! * [`grade`] — a debtor's grade from its adverse payment facts, and what a class advances.
//!
//! Amounts are `u128` with their unit in the name: `_wad` (18 decimals), `_ray` (27), `_bps`,
//! `_ms`. Nothing here panics: overflow and division by zero are [`math::MathError`]s, and
//! every rounding goes the protocol's way (debt up, collateral value down).
#![cfg_attr(not(feature = "std"), no_std)]

pub mod auction;
pub mod condition;
pub mod credit;
pub mod fees;
pub mod grade;
pub mod math;
pub mod oracle;
pub mod valuation;
