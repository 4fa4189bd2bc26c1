//! Garbage in (issue 14): for every message of every contract (read from the metadata: selector
//! and argument types), bytes after the valid selector — nothing, too few, too many, random, and
//! arguments built from the metadata with boundary values (0, 1, u128::MAX, u64::MAX, invalid enum
//! tags, long vectors, unknown accounts) — from random callers (every role, strangers, and the
//! contracts' own addresses). Every call must return or revert with an output that decodes as the
//! message's declared return type (`Result<_, LangError>`), and never trap (`ContractTrapped` or
//! any other dispatch error). A reverted call, and any call of a read-only message, must leave the
//! whole storage of every contract unchanged (child-trie roots compared) and emit no event.
//!
//! The state is rich before the first round (debt, pledged invoices and goods, an auction and a
//! recovery in progress, allowances to the vault and the engine), and accepted garbage calls move
//! it further (an admin's random parameters, a buyer's random take).
//!
//! `GARBAGE_ROUNDS` (default 2) rounds of `GARBAGE_INPUTS` (default 6) inputs per message;
//! `GARBAGE_SEED` seeds the generator.
use drink::AccountId32;
use e2e_tests::scenarios::{contract_events, raw_call, Meta, Raw, CONTRACTS};
use e2e_tests::suite::*;
use scf_interfaces::{PriceData, MS_PER_DAY, WAD};
use serde_json::Value;
use std::time::Instant;

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn some_bytes(&mut self, max: u64) -> Vec<u8> {
        let n = self.below(max) as usize;
        self.bytes(n)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// An unsigned value of `bytes` bytes: a boundary value or a random one, little-endian.
fn uint(rng: &mut Rng, bytes: usize, now_ms: u64) -> Vec<u8> {
    let max = if bytes >= 16 {
        u128::MAX
    } else {
        (1u128 << (8 * bytes)) - 1
    };
    let v: u128 = match rng.below(10) {
        0 => 0,
        1 => 1,
        2 => max,
        3 => max - 1,
        4 if bytes >= 8 => {
            u128::from(now_ms) + u128::from(rng.below(400)) * u128::from(MS_PER_DAY / 4)
        }
        5 if bytes >= 16 => u128::from(rng.below(100_000)) * WAD,
        6 => u128::from(rng.below(20)),
        _ => {
            u128::from_le_bytes({
                let mut b = [0u8; 16];
                b.copy_from_slice(&rng.bytes(16));
                b
            }) & max
        }
    };
    v.to_le_bytes()[..bytes.min(16)]
        .iter()
        .copied()
        .chain(std::iter::repeat_n(0, bytes.saturating_sub(16)))
        .collect()
}

/// Appends a value of type `id` built from the metadata, with boundary values and a few invalid
/// encodings (unknown enum tags, invalid bools).
fn gen(meta: &Meta, id: u32, rng: &mut Rng, ctx: &Ctx, out: &mut Vec<u8>, depth: u32) {
    let def: Value = meta.type_def(id).clone();
    if depth > 6 {
        out.extend(rng.some_bytes(8));
        return;
    }
    if let Some(c) = def.get("composite") {
        let path = meta.path(id);
        if path.ends_with("AccountId") || path.ends_with("AccountId32") {
            if rng.chance(80) {
                out.extend(ctx.accounts[rng.below(ctx.accounts.len() as u64) as usize]);
            } else {
                out.extend(rng.bytes(32));
            }
            return;
        }
        for f in c["fields"].as_array().into_iter().flatten() {
            gen(
                meta,
                f["type"].as_u64().unwrap() as u32,
                rng,
                ctx,
                out,
                depth + 1,
            );
        }
    } else if let Some(v) = def.get("variant") {
        let variants = v["variants"].as_array().cloned().unwrap_or_default();
        if variants.is_empty() || rng.chance(5) {
            out.push(rng.next() as u8);
            return;
        }
        let chosen = &variants[rng.below(variants.len() as u64) as usize];
        out.push(chosen["index"].as_u64().unwrap() as u8);
        for f in chosen["fields"].as_array().into_iter().flatten() {
            gen(
                meta,
                f["type"].as_u64().unwrap() as u32,
                rng,
                ctx,
                out,
                depth + 1,
            );
        }
    } else if let Some(s) = def.get("sequence") {
        let elem = s["type"].as_u64().unwrap() as u32;
        let n: u64 = match rng.below(10) {
            0 => 0,
            1..=5 => 1 + rng.below(3),
            6 => 8 + rng.below(4),
            7 => 40,
            // A length that promises far more than follows.
            _ => {
                let claimed = 1u64 << (10 + rng.below(20));
                parity_scale_codec::Encode::encode_to(&parity_scale_codec::Compact(claimed), out);
                out.extend(rng.some_bytes(16));
                return;
            }
        };
        parity_scale_codec::Encode::encode_to(&parity_scale_codec::Compact(n), out);
        for _ in 0..n {
            gen(meta, elem, rng, ctx, out, depth + 1);
        }
    } else if let Some(a) = def.get("array") {
        let elem = a["type"].as_u64().unwrap() as u32;
        for _ in 0..a["len"].as_u64().unwrap() {
            gen(meta, elem, rng, ctx, out, depth + 1);
        }
    } else if let Some(t) = def.get("tuple") {
        for x in t.as_array().into_iter().flatten() {
            gen(meta, x.as_u64().unwrap() as u32, rng, ctx, out, depth + 1);
        }
    } else if let Some(p) = def.get("primitive") {
        match p.as_str().unwrap() {
            "bool" => out.push(if rng.chance(10) {
                2 + rng.below(250) as u8
            } else {
                rng.below(2) as u8
            }),
            "str" => {
                let s = rng.some_bytes(12);
                parity_scale_codec::Encode::encode_to(
                    &parity_scale_codec::Compact(s.len() as u32),
                    out,
                );
                out.extend(s);
            }
            "u8" | "i8" => out.extend(uint(rng, 1, ctx.now_ms)),
            "u16" | "i16" => out.extend(uint(rng, 2, ctx.now_ms)),
            "u32" | "i32" | "char" => out.extend(uint(rng, 4, ctx.now_ms)),
            "u64" | "i64" => out.extend(uint(rng, 8, ctx.now_ms)),
            "u128" | "i128" => out.extend(uint(rng, 16, ctx.now_ms)),
            _ => out.extend(uint(rng, 32, ctx.now_ms)),
        }
    } else if def.get("compact").is_some() {
        let v = rng.next() >> rng.below(64);
        parity_scale_codec::Encode::encode_to(&parity_scale_codec::Compact(v), out);
    } else {
        out.extend(rng.some_bytes(8));
    }
}

struct Ctx {
    accounts: Vec<[u8; 32]>,
    now_ms: u64,
}

/// The input after the selector, by mode: nothing, built from the metadata, built plus trailing
/// bytes, built then cut short, built with a byte flipped, or plain random bytes.
fn input(meta: &Meta, args: &[u32], rng: &mut Rng, ctx: &Ctx, mode: u64) -> Vec<u8> {
    let mut built = Vec::new();
    for a in args {
        gen(meta, *a, rng, ctx, &mut built, 0);
    }
    match mode {
        0 => Vec::new(),
        1 => built,
        2 => {
            let extra = rng.below(64) as usize;
            built.extend(rng.bytes(extra));
            built
        }
        3 => {
            let keep = rng.below(built.len() as u64) as usize;
            built.truncate(keep);
            built
        }
        4 => {
            if !built.is_empty() {
                let i = rng.below(built.len() as u64) as usize;
                built[i] ^= 1 << rng.below(8);
            }
            built
        }
        _ => rng.some_bytes(160),
    }
}

/// A suite in a busy state: debt against goods and invoices, an invoice pledged, a liquidation
/// with one NFT at auction and a disputed one in recovery, an arbiter, and buyers, debtors and
/// suppliers holding stablecoin with large allowances to the vault and the engine (so garbage
/// amounts sometimes go through). Returns every account the calls may come from.
fn busy_suite() -> (Suite, Vec<AccountId32>) {
    let mut s = Suite::deploy();
    let supplier = s.actor(2);
    let debtor = s.approved_debtor(3, wad(1_000_000));
    let (keeper, buyer, arbiter, stranger) = (s.actor(5), s.actor(6), s.actor(8), s.actor(60));
    s.set_arbiter(&arbiter);
    let coffee = s.confirmed_coffee(&supplier, wad(10_000));
    let g = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, g, coffee).unwrap();
    s.borrow(&supplier, g, wad(8_000)).unwrap();
    let i1 = s.confirmed_invoice(&supplier, &debtor, wad(30_000), 60 * MS_PER_DAY);
    let a = s.open(&supplier, INVOICE_CLASS);
    s.deposit(&supplier, a, i1).unwrap();
    s.borrow(&supplier, a, wad(5_000)).unwrap();
    s.liquidated_facility(&supplier, &debtor, &keeper);
    // A pending registration and an unpledged confirmed invoice for the registry's messages.
    let kind = s.invoice_terms(&debtor, wad(1_000), 30 * MS_PER_DAY);
    s.register(&supplier, kind).unwrap();
    s.confirmed_invoice(&supplier, &debtor, wad(2_000), 30 * MS_PER_DAY);
    for who in [&buyer, &debtor] {
        s.fund_stable(who, wad(40_000));
    }
    let (v, e) = (s.vault.clone(), s.engine.clone());
    for who in [&buyer, &debtor, &supplier] {
        s.approve_stable_for(who, &v, u128::MAX);
        s.approve_stable_for(who, &e, u128::MAX);
    }
    // Contracts' own addresses call too: give them native balance for storage deposits, so
    // that a refusal is the contract's, never the caller's purse.
    for c in [
        &s.vault.clone(),
        &s.engine.clone(),
        &s.registry.clone(),
        &s.stable.clone(),
        &s.oracle.clone(),
    ] {
        s.chain.fund(c);
    }
    let accounts = vec![
        s.admin.clone(),
        s.guardian.clone(),
        s.reporter.clone(),
        s.reporter2.clone(),
        s.warehouse.clone(),
        s.underwriter.clone(),
        supplier,
        debtor,
        keeper,
        buyer,
        arbiter,
        stranger,
        s.vault.clone(),
        s.engine.clone(),
        s.registry.clone(),
        s.stable.clone(),
        s.oracle.clone(),
    ];
    (s, accounts)
}

#[test]
fn garbage_after_every_valid_selector_never_traps_and_refusals_change_nothing() {
    let start = Instant::now();
    let rounds = env_or("GARBAGE_ROUNDS", 2);
    let per_message = env_or("GARBAGE_INPUTS", 6);
    let seed = env_or("GARBAGE_SEED", 0x0005_CF14);
    let mut rng = Rng(seed | 1);
    let (mut s, callers) = busy_suite();
    let metas: Vec<Meta> = CONTRACTS.iter().map(|c| Meta::load(c)).collect();
    let addrs: Vec<AccountId32> = vec![
        s.stable.clone(),
        s.registry.clone(),
        s.oracle.clone(),
        s.vault.clone(),
        s.engine.clone(),
    ];
    let mut ctx = Ctx {
        accounts: callers
            .iter()
            .map(|a| *AsRef::<[u8; 32]>::as_ref(a))
            .collect(),
        now_ms: s.chain.now_ms(),
    };
    ctx.accounts.push([0u8; 32]);
    let roots =
        |s: &mut Suite| -> Vec<Vec<u8>> { addrs.iter().map(|a| s.chain.storage_hash(a)).collect() };

    let (mut calls, mut accepted, mut refused, mut lang) = (0u64, 0u64, 0u64, 0u64);
    let mut failures: Vec<String> = Vec::new();
    for round in 0..rounds {
        for (meta, addr) in metas.iter().zip(&addrs) {
            for msg in &meta.messages {
                for i in 0..per_message {
                    let mode = (i + round) % 6;
                    let mut data = msg.selector.to_vec();
                    data.extend(input(meta, &msg.args, &mut rng, &ctx, mode));
                    let who = callers[rng.below(callers.len() as u64) as usize].clone();
                    let before = roots(&mut s);
                    let raw = raw_call(&mut s.chain, &who, addr, data.clone());
                    let events = contract_events(&mut s.chain);
                    calls += 1;
                    let what = format!(
                        "{}::{} by {who} with 0x{}",
                        meta.name,
                        msg.label,
                        data.iter().map(|b| format!("{b:02x}")).collect::<String>()
                    );
                    let out = match &raw {
                        Raw::Trapped(e) => {
                            failures.push(format!("TRAPPED {what}: {e}"));
                            continue;
                        }
                        Raw::Returned(out) | Raw::Reverted(out) => out.clone(),
                    };
                    let mut rest = &out[..];
                    if let Err(e) = meta.decode(msg.ret, &mut rest) {
                        failures.push(format!("UNDECODABLE {what}: {e} (output {out:?})"));
                        continue;
                    }
                    if !rest.is_empty() {
                        failures.push(format!("TRAILING OUTPUT {what}: {out:?}"));
                    }
                    let reverted = matches!(raw, Raw::Reverted(_));
                    if reverted {
                        refused += 1;
                        if out.first() == Some(&1) {
                            lang += 1;
                        }
                    } else {
                        accepted += 1;
                    }
                    if reverted || !msg.mutates {
                        if roots(&mut s) != before {
                            failures.push(format!(
                                "STATE CHANGED by a {} call: {what}",
                                if reverted { "refused" } else { "read-only" }
                            ));
                        }
                        if events != 0 {
                            failures.push(format!("EVENTS ({events}) from a refused call: {what}"));
                        }
                    }
                }
            }
        }
        // Let time pass between rounds (auctions expire, prices age), as on a live chain.
        s.chain.advance_ms(MS_PER_DAY / 2);
        let o = s.oracle.clone();
        for key in KEYS {
            let last: Option<PriceData> = s.chain.call(&o, "latest_answer", key);
            if let Some(p) = last {
                // Refused if garbage paused the key or removed the reporter: then it stays stale.
                let _ = s.post_price(key, p.price_wad);
            }
        }
        ctx.now_ms = s.chain.now_ms();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "garbage: {rounds} rounds × {per_message} inputs × {} messages = {calls} calls ({accepted} accepted, {refused} refused of which {lang} undecodable input) in {secs:.1} s, seed {seed:#x}",
        metas.iter().map(|m| m.messages.len()).sum::<usize>()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
