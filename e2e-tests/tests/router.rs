//! The vault as the chain runs it: a router that delegate-calls one facet per group of messages
//! (issue 20, `contracts/vault_router`). The split adds a trust boundary — code that runs with the
//! vault's storage, address and caller but is not the contract at the vault's address — and each
//! way across it is an attack here:
//! * a selector routed to the wrong facet, or to none (a message that silently vanished);
//! * an unknown selector that does something other than what ink! does (refuse, change nothing);
//! * the facet code instantiated as a contract of its own, whose admin is the attacker;
//! * the facet code removed from the chain by its uploader, bricking every position;
//! * a vault constructed over code that is not on the chain, or over one hash twice;
//! * value sent to the router.
use drink::minimal::{MinimalSandbox, MinimalSandboxRuntime};
use drink::pallet_contracts::{self, Determinism};
use drink::sandbox_api::prelude::*;
use drink::Sandbox;
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
            let hex = m["selector"].as_str().expect("selector").trim_start_matches("0x");
            let mut sel = [0u8; 4];
            for (i, b) in sel.iter_mut().enumerate() {
                *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex");
            }
            (m["label"].as_str().expect("label").to_string(), sel)
        })
        .collect()
}

fn route(s: &mut Suite, selector: [u8; 4]) -> Option<u8> {
    let mut data = ROUTE.to_vec();
    selector.encode_to(&mut data);
    let (who, vault) = (s.admin.clone(), s.vault.clone());
    match raw_call(&mut s.chain, &who, &vault, data) {
        Raw::Returned(out) => {
            <Result<Option<u8>, ink::LangError>>::decode(&mut &out[..]).expect("route decodes")
                .expect("route answers")
        }
        other => panic!("route: {other:?}"),
    }
}

#[test]
fn every_vault_message_runs_in_the_facet_that_holds_it() {
    let mut s = Suite::deploy();
    let dir = bundles_dir().join("collateral_vault");
    let abi = messages(&dir.join("collateral_vault.json"));
    let mut covered = BTreeMap::new();
    for (g, group) in collateral_vault::FACET_GROUPS.iter().enumerate() {
        let facet = messages(&dir.join(format!("facet_{group}.json")));
        assert!(!facet.is_empty(), "facet {group} holds no message");
        for (label, sel) in facet {
            assert_eq!(
                route(&mut s, sel),
                Some(g as u8),
                "{label} is in facet {group} but routed elsewhere"
            );
            assert_eq!(abi.get(&label), Some(&sel), "{label}: the vault's ABI differs");
            assert!(covered.insert(label.clone(), g).is_none(), "{label} is in two facets");
        }
    }
    // Every message of the vault's ABI is in exactly one facet: none vanished in the split.
    assert_eq!(
        covered.keys().collect::<Vec<_>>(),
        abi.keys().collect::<Vec<_>>()
    );
    assert_eq!(route(&mut s, [0xde, 0xad, 0xbe, 0xef]), None);
    assert_eq!(route(&mut s, ROUTE), None);
}

#[test]
fn an_unknown_selector_is_refused_as_ink_refuses_it_and_changes_nothing() {
    let mut s = Suite::deploy();
    let (who, vault) = (s.admin.clone(), s.vault.clone());
    let before = s.books();
    let refusal = <Result<(), ink::LangError>>::Err(ink::LangError::CouldNotReadInput).encode();
    for data in [
        vec![],
        vec![0x01],
        vec![0x01, 0x02, 0x03],
        vec![0xde, 0xad, 0xbe, 0xef],
        vec![0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02],
    ] {
        assert_eq!(
            raw_call(&mut s.chain, &who, &vault, data.clone()),
            Raw::Reverted(refusal.clone()),
            "input {data:?}"
        );
        assert_eq!(contract_events(&mut s.chain), 0);
    }
    assert_eq!(s.books(), before);
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
        (stable, registry, oracle, ink_id(&attacker), wad(1_000_000), TUSD, facets),
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
    let engine: Option<ink::primitives::AccountId> = s.vault_as(&attacker, "liquidation_engine", ());
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
    let balance: u128 = s.chain.call(&stable, "PSP22::balance_of", ink_id(&attacker));
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
    for hash in facets.hashes() {
        let bytes: [u8; 32] = hash.into();
        let origin = MinimalSandbox::convert_account_to_origin(admin.clone());
        let removed = s.chain.sandbox.execute_with(|| {
            pallet_contracts::Pallet::<MinimalSandboxRuntime>::remove_code(origin, bytes.into())
        });
        let err = removed.expect_err("the vault's facet code was removed");
        assert_eq!(
            err.error,
            pallet_contracts::Error::<MinimalSandboxRuntime>::CodeInUse.into()
        );
    }
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
    let bundle = s.chain.bundle("collateral_vault");
    let ctor = {
        let json = messages_ctor(&bundles_dir().join("collateral_vault/collateral_vault.json"));
        json
    };
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
        let mut data = ctor.to_vec();
        (stable, registry, oracle, guardian, wad(1_000), TUSD, f).encode_to(&mut data);
        let actor = s.admin.clone();
        let result = s.chain.sandbox.deploy_contract(
            bundle.wasm.clone(),
            0,
            data,
            vec![0x50 + i as u8],
            actor,
            MinimalSandbox::default_gas_limit(),
            None,
        );
        assert!(result.result.is_err(), "case {i}: a vault was deployed");
    }
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
fn value_sent_to_the_vault_is_refused() {
    let mut s = Suite::deploy();
    let who = s.actor(71);
    let vault = s.vault.clone();
    let before = s.chain.native_balance(&vault);
    let mut data = messages(&bundles_dir().join("collateral_vault/collateral_vault.json"))
        ["open_position"]
        .to_vec();
    INVOICE_CLASS.encode_to(&mut data);
    let result = s.chain.sandbox.call_contract(
        vault.clone(),
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
    assert!(refused, "the vault took value");
    assert_eq!(s.chain.native_balance(&vault), before);
    assert_eq!(s.books().position_count, 0);
}
