//! The vault and the liquidation engine as the chain runs them: a router that delegate-calls one
//! facet per group of messages (issue 20, `contracts/vault_router`, `contracts/engine_router`).
//! The split adds a trust boundary — code that runs with the contract's storage, address and
//! caller but is not the contract at that address — and each way across it is an attack here,
//! against both routers:
//! * a selector routed to the wrong facet, or to none (a message that silently vanished);
//! * an unknown selector that does something other than what ink! does (refuse, change nothing);
//! * the facet code instantiated as a contract of its own, whose admin is the attacker;
//! * the facet code removed from the chain by its uploader, bricking every position;
//! * a vault constructed over code that is not on the chain, or over one hash twice;
//! * value sent to the router.
use drink::minimal::{MinimalSandbox, MinimalSandboxRuntime};
use drink::pallet_contracts::{self, Determinism};
use drink::sandbox_api::prelude::*;
use drink::{AccountId32, Sandbox};
use e2e_tests::chain::{bundles_dir, ink_id, Bundle, Chain};
use e2e_tests::scenarios::{contract_events, raw_call, Raw};
use e2e_tests::suite::*;
use parity_scale_codec::{Decode, Encode};
use std::collections::BTreeMap;

/// The router's one message of its own: `route(selector) -> Option<u8>` (ink!'s wildcard
/// complement selector).
const ROUTE: [u8; 4] = [0x9b, 0xae, 0x9d, 0x5e];

fn messages(json_path: &std::path::Path) -> BTreeMap<String, [u8; 4]> {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(json_path).expect("metadata")).expect("json");
    json["spec"]["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            let hex = m["selector"]
                .as_str()
                .expect("selector")
                .trim_start_matches("0x");
            let mut sel = [0u8; 4];
            for (i, b) in sel.iter_mut().enumerate() {
                *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex");
            }
            (m["label"].as_str().expect("label").to_string(), sel)
        })
        .collect()
}

fn route(s: &mut Suite, router: &AccountId32, selector: [u8; 4]) -> Option<u8> {
    let mut data = ROUTE.to_vec();
    selector.encode_to(&mut data);
    let who = s.admin.clone();
    match raw_call(&mut s.chain, &who, router, data) {
        Raw::Returned(out) => <Result<Option<u8>, ink::LangError>>::decode(&mut &out[..])
            .expect("route decodes")
            .expect("route answers"),
        other => panic!("route: {other:?}"),
    }
}

/// Each message of `contract`'s ABI is in exactly one of its facets and routed there.
fn every_message_runs_in_the_facet_that_holds_it(
    s: &mut Suite,
    contract: &str,
    router: &AccountId32,
    groups: &[&str],
) {
    let dir = bundles_dir().join(contract);
    let abi = messages(&dir.join(format!("{contract}.json")));
    let mut covered = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        let facet = messages(&dir.join(format!("facet_{group}.json")));
        assert!(!facet.is_empty(), "facet {group} holds no message");
        for (label, sel) in facet {
            assert_eq!(
                route(s, router, sel),
                Some(g as u8),
                "{label} is in facet {group} but routed elsewhere"
            );
            assert_eq!(
                abi.get(&label),
                Some(&sel),
                "{label}: the {contract} ABI differs"
            );
            assert!(
                covered.insert(label.clone(), g).is_none(),
                "{label} is in two facets"
            );
        }
    }
    // Every message of the ABI is in exactly one facet: none vanished in the split.
    assert_eq!(
        covered.keys().collect::<Vec<_>>(),
        abi.keys().collect::<Vec<_>>()
    );
    assert_eq!(route(s, router, [0xde, 0xad, 0xbe, 0xef]), None);
    assert_eq!(route(s, router, ROUTE), None);
}

/// Inputs with no selector of `router`'s are refused as ink! refuses them, with no event.
fn unknown_selectors_are_refused(s: &mut Suite, router: &AccountId32) {
    let who = s.admin.clone();
    let refusal = <Result<(), ink::LangError>>::Err(ink::LangError::CouldNotReadInput).encode();
    for data in [
        vec![],
        vec![0x01],
        vec![0x01, 0x02, 0x03],
        vec![0xde, 0xad, 0xbe, 0xef],
        vec![0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02],
    ] {
        assert_eq!(
            raw_call(&mut s.chain, &who, router, data.clone()),
            Raw::Reverted(refusal.clone()),
            "input {data:?}"
        );
        assert_eq!(contract_events(&mut s.chain), 0);
    }
}

/// `who` asks to remove each of `hashes` (the uploader could remove code nothing uses): refused
/// with `CodeInUse`.
fn removal_is_refused(s: &mut Suite, who: &AccountId32, hashes: &[ink::primitives::Hash]) {
    for hash in hashes {
        let bytes: [u8; 32] = (*hash).into();
        let origin = MinimalSandbox::convert_account_to_origin(who.clone());
        let removed = s.chain.sandbox.execute_with(|| {
            pallet_contracts::Pallet::<MinimalSandboxRuntime>::remove_code(origin, bytes.into())
        });
        let err = removed.expect_err("facet code in use was removed");
        assert_eq!(
            err.error,
            pallet_contracts::Error::<MinimalSandboxRuntime>::CodeInUse.into()
        );
    }
}

/// Deploys `contract`'s bundle (its router) with constructor arguments `args`; whether it was.
fn deploys<A: Encode>(s: &mut Suite, contract: &str, args: A, salt: u8) -> bool {
    let bundle = s.chain.bundle(contract);
    let mut data =
        messages_ctor(&bundles_dir().join(format!("{contract}/{contract}.json"))).to_vec();
    args.encode_to(&mut data);
    let actor = s.admin.clone();
    let result = s.chain.sandbox.deploy_contract(
        bundle.wasm.clone(),
        0,
        data,
        vec![salt],
        actor,
        MinimalSandbox::default_gas_limit(),
        None,
    );
    result.result.is_ok()
}

/// `who` sends value with a call of `label` (no arguments) to `contract`: refused, and the
/// contract's balance is unchanged.
fn value_is_refused(s: &mut Suite, contract: &str, at: &AccountId32, label: &str, args: Vec<u8>) {
    let who = s.actor(71);
    let before = s.chain.native_balance(at);
    let mut data =
        messages(&bundles_dir().join(format!("{contract}/{contract}.json")))[label].to_vec();
    data.extend(args);
    let result = s.chain.sandbox.call_contract(
        at.clone(),
        1_000,
        data,
        who,
        MinimalSandbox::default_gas_limit(),
        None,
        Determinism::Enforced,
    );
    let refused = match result.result {
        Err(_) => true,
        Ok(exec) => exec.did_revert(),
    };
    assert!(refused, "{contract} took value");
    assert_eq!(s.chain.native_balance(at), before);
}

#[test]
fn every_vault_message_runs_in_the_facet_that_holds_it() {
    let mut s = Suite::deploy();
    let vault = s.vault.clone();
    every_message_runs_in_the_facet_that_holds_it(
        &mut s,
        "collateral_vault",
        &vault,
        &collateral_vault::FACET_GROUPS,
    );
}

#[test]
fn every_engine_message_runs_in_the_facet_that_holds_it() {
    let mut s = Suite::deploy();
    let engine = s.engine.clone();
    every_message_runs_in_the_facet_that_holds_it(
        &mut s,
        "liquidation_engine",
        &engine,
        &liquidation_engine::FACET_GROUPS,
    );
}

#[test]
fn an_unknown_selector_is_refused_as_ink_refuses_it_and_changes_nothing() {
    let mut s = Suite::deploy();
    let (vault, engine) = (s.vault.clone(), s.engine.clone());
    let before = s.books();
    let params: (Option<ink::primitives::AccountId>, u128, u64) =
        s.engine_as(&s.admin.clone(), "recovery_params", ());
    unknown_selectors_are_refused(&mut s, &vault);
    unknown_selectors_are_refused(&mut s, &engine);
    assert_eq!(s.books(), before);
    let after: (Option<ink::primitives::AccountId>, u128, u64) =
        s.engine_as(&s.admin.clone(), "recovery_params", ());
    assert_eq!(after, params);
}

#[test]
fn a_facet_instantiated_as_its_own_contract_is_not_the_vault() {
    let mut s = Suite::deploy();
    let attacker = Chain::account(66);
    s.chain.fund(&attacker);
    let dir = bundles_dir().join("collateral_vault");
    s.chain.add_bundle(Bundle::load_files(
        "attacker_admin_facet",
        &dir.join("facet_admin.wasm"),
        &dir.join("collateral_vault.json"),
    ));
    s.chain.set_actor(&attacker);
    let facets = s.chain.vault_facets();
    let (stable, registry, oracle) = (ink_id(&s.stable), ink_id(&s.registry), ink_id(&s.oracle));
    let fake = s.chain.deploy(
        "attacker_admin_facet",
        "new",
        (
            stable,
            registry,
            oracle,
            ink_id(&attacker),
            wad(1_000_000),
            TUSD,
            facets,
            collateral_vault::DataSources::default(),
        ),
        vec![9],
    );
    // The attacker is admin of its own instance, and names itself its engine there...
    assert_eq!(
        s.chain
            .call_as::<_, Result<(), collateral_vault::VaultError>>(
                &attacker,
                &fake,
                "set_liquidation_engine",
                ink_id(&attacker),
            ),
        Ok(())
    );
    // ...which is not the vault: the vault's engine, admin and books are untouched, and the
    // attacker is still no engine of the vault.
    let engine: Option<ink::primitives::AccountId> =
        s.vault_as(&attacker, "liquidation_engine", ());
    assert_eq!(engine, Some(ink_id(&s.engine)));
    let admin: ink::primitives::AccountId = s.vault_as(&attacker, "admin", ());
    assert_eq!(admin, ink_id(&s.admin));
    assert_eq!(
        s.vault_as::<_, Result<(), collateral_vault::VaultError>>(
            &attacker,
            "set_liquidation_engine",
            ink_id(&attacker),
        ),
        Err(collateral_vault::VaultError::NotAdmin)
    );
    let seized: Result<collateral_vault::Seizure, collateral_vault::VaultError> =
        s.vault_as(&attacker, "seize", (0u64, ink_id(&attacker), 0u128, 0u128));
    assert_eq!(seized, Err(collateral_vault::VaultError::NotEngine));
    // And its stablecoin will not mint for it: only the vault is the minter.
    let stable = s.stable.clone();
    let minted: Result<(), stablecoin::StablecoinError> = s.chain.call_as(
        &attacker,
        &stable,
        "StablecoinMinter::mint",
        (ink_id(&attacker), wad(1)),
    );
    assert!(minted.is_err());
    let balance: u128 = s
        .chain
        .call(&stable, "PSP22::balance_of", ink_id(&attacker));
    assert_eq!(balance, 0);
}

#[test]
fn the_facets_code_cannot_be_removed_while_the_vault_uses_it() {
    let mut s = Suite::deploy();
    let admin = s.admin.clone();
    // The suite's admin uploaded the facets: as their uploader it could remove unused code.
    let facets = s.chain.vault_facets();
    let on_chain: Option<collateral_vault::Facets> = s.vault_as(&admin, "facets", ());
    assert_eq!(on_chain, Some(facets));
    removal_is_refused(&mut s, &admin, &facets.hashes());
    // Every group still runs.
    let owner = s.actor(70);
    let pos = s.open(&owner, INVOICE_CLASS);
    let opened: Option<collateral_vault::Position> = s.vault_as(&owner, "position", pos);
    assert_eq!(opened.map(|p| p.owner), Some(ink_id(&owner)));
}

#[test]
fn a_vault_over_missing_or_repeated_facet_code_is_never_deployed() {
    let mut s = Suite::deploy();
    let facets = s.chain.vault_facets();
    let (stable, registry, oracle, guardian) = (
        ink_id(&s.stable),
        ink_id(&s.registry),
        ink_id(&s.oracle),
        ink_id(&s.guardian),
    );
    let missing = collateral_vault::Facets {
        views: [0x77; 32].into(),
        ..facets
    };
    let twice = collateral_vault::Facets {
        views: facets.admin,
        ..facets
    };
    for (i, f) in [missing, twice].into_iter().enumerate() {
        let args = (
            stable,
            registry,
            oracle,
            guardian,
            wad(1_000),
            TUSD,
            f,
            collateral_vault::DataSources::default(),
        );
        assert!(
            !deploys(&mut s, "collateral_vault", args, 0x50 + i as u8),
            "case {i}: a vault was deployed"
        );
    }
    // The same arguments with the facets as uploaded deploy: the refusals above are the facets'.
    let args = (
        stable,
        registry,
        oracle,
        guardian,
        wad(1_000),
        TUSD,
        facets,
        collateral_vault::DataSources::default(),
    );
    assert!(deploys(&mut s, "collateral_vault", args, 0x52));
}

/// The engine's facets instantiated as engines of the attacker's own: it is their admin and
/// arbiter, and points them at the real vault. They are not the engine: the vault refuses their
/// seizures (`NotEngine`), and the real engine's admin, arbiter and limits are unchanged.
#[test]
fn an_engine_facet_instantiated_as_its_own_contract_is_not_the_engine() {
    let mut s = Suite::deploy();
    let (supplier, attacker) = (s.actor(2), Chain::account(66));
    s.chain.fund(&attacker);
    // An unsafe position the attacker would like to liquidate with its own rules.
    let id = s.confirmed_coffee(&supplier, wad(10_000));
    let pos = s.open(&supplier, GOODS_CLASS);
    s.deposit(&supplier, pos, id).unwrap();
    s.borrow(&supplier, pos, wad(12_000)).unwrap();
    s.post_price(COFFEE, wad(17) / 10).unwrap();
    let dir = bundles_dir().join("liquidation_engine");
    for group in ["admin", "liquidate"] {
        s.chain.add_bundle(Bundle::load_files(
            &format!("attacker_engine_{group}"),
            &dir.join(format!("facet_{group}.wasm")),
            &dir.join("liquidation_engine.json"),
        ));
    }
    s.chain.set_actor(&attacker);
    let facets = s.chain.engine_facets();
    let (vault, stable) = (ink_id(&s.vault), ink_id(&s.stable));
    let fake_admin = s.chain.deploy(
        "attacker_engine_admin",
        "new",
        (vault, stable, facets),
        vec![9],
    );
    let fake = s.chain.deploy(
        "attacker_engine_liquidate",
        "new",
        (vault, stable, facets),
        vec![10],
    );
    // The attacker runs its own instances: it sets the arbiter and the limits there...
    let r: Result<(), liquidation_engine::EngineError> =
        s.chain
            .call_as(&attacker, &fake_admin, "set_arbiter", ink_id(&attacker));
    assert_eq!(r, Ok(()));
    let r: Result<(), liquidation_engine::EngineError> =
        s.chain
            .call_as(&attacker, &fake_admin, "set_liquidation_limit", u128::MAX);
    assert_eq!(r, Ok(()));
    // ...but the vault trusts only its engine: the fake's liquidation is refused by the vault.
    let (books, position, owner) = (s.books(), s.position(pos), s.nft_owner(id));
    let r: Result<(), liquidation_engine::EngineError> =
        s.chain.call_as(&attacker, &fake, "liquidate", pos);
    assert_eq!(
        r,
        Err(liquidation_engine::EngineError::Vault(
            collateral_vault::VaultError::NotEngine
        ))
    );
    assert_eq!(s.books(), books);
    assert_eq!((s.position(pos), s.nft_owner(id)), (position, owner));
    assert!(s.liquidation(pos).is_none());
    // The real engine: admin, arbiter and parameters as deployed; the attacker is neither.
    let admin = s.admin.clone();
    let engine_admin: ink::primitives::AccountId = s.engine_as(&attacker, "admin", ());
    assert_eq!(engine_admin, ink_id(&admin));
    let params: (Option<ink::primitives::AccountId>, u128, u64) =
        s.engine_as(&attacker, "recovery_params", ());
    assert_ne!(params.0, Some(ink_id(&attacker)));
    let r: Result<(), liquidation_engine::EngineError> =
        s.engine_as(&attacker, "set_arbiter", ink_id(&attacker));
    assert_eq!(r, Err(liquidation_engine::EngineError::NotAdmin));
    // And the real engine still liquidates the position.
    let keeper = s.actor(5);
    assert_eq!(s.liquidate(&keeper, pos), Ok(()));
    assert!(s.liquidation(pos).is_some());
}

#[test]
fn the_engines_facet_code_cannot_be_removed_while_the_engine_uses_it() {
    let mut s = Suite::deploy();
    let admin = s.admin.clone();
    let facets = s.chain.engine_facets();
    let on_chain: Option<liquidation_engine::Facets> = s.engine_as(&admin, "facets", ());
    assert_eq!(on_chain, Some(facets));
    removal_is_refused(&mut s, &admin, &facets.hashes());
    // Every group still runs.
    let r: Result<(), liquidation_engine::EngineError> =
        s.engine_as(&admin, "set_liquidation_limit", wad(1_000_000));
    assert_eq!(r, Ok(()));
    let limits: (u128, u128, Option<u128>, u128) = s.engine_as(&admin, "liquidation_limits", 0u32);
    assert_eq!(limits.0, wad(1_000_000));
}

#[test]
fn an_engine_over_missing_or_repeated_facet_code_is_never_deployed() {
    let mut s = Suite::deploy();
    let facets = s.chain.engine_facets();
    let (vault, stable) = (ink_id(&s.vault), ink_id(&s.stable));
    let missing = liquidation_engine::Facets {
        take: [0x77; 32].into(),
        ..facets
    };
    let twice = liquidation_engine::Facets {
        views: facets.admin,
        ..facets
    };
    for (i, f) in [missing, twice].into_iter().enumerate() {
        assert!(
            !deploys(
                &mut s,
                "liquidation_engine",
                (vault, stable, f),
                0x60 + i as u8
            ),
            "case {i}: an engine was deployed"
        );
    }
    assert!(deploys(
        &mut s,
        "liquidation_engine",
        (vault, stable, facets),
        0x62
    ));
}

fn messages_ctor(json_path: &std::path::Path) -> [u8; 4] {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(json_path).expect("metadata")).expect("json");
    let hex = json["spec"]["constructors"][0]["selector"]
        .as_str()
        .expect("selector")
        .trim_start_matches("0x")
        .to_string();
    let mut sel = [0u8; 4];
    for (i, b) in sel.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex");
    }
    sel
}

#[test]
fn value_sent_to_the_vault_or_the_engine_is_refused() {
    let mut s = Suite::deploy();
    let (vault, engine) = (s.vault.clone(), s.engine.clone());
    value_is_refused(
        &mut s,
        "collateral_vault",
        &vault,
        "open_position",
        INVOICE_CLASS.encode(),
    );
    assert_eq!(s.books().position_count, 0);
    value_is_refused(
        &mut s,
        "liquidation_engine",
        &engine,
        "liquidate",
        0u64.encode(),
    );
}
