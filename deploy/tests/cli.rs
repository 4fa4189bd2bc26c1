//! The CLI as users run it, on the embedded sandbox chain: deploy, status, scenario, and each kind
//! of bad input (a clear message naming the problem and a non-zero exit).
use scf_deploy::artifacts::{blake2_256, default_dir, SUITE};
use scf_deploy::units::money;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WAD: u128 = 1_000_000_000_000_000_000;
/// //Ferdie, the bundled network files' underwriter, and //Charlie, their approved debtor.
const FERDIE: &str = "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL";
const CHARLIE: &str = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
/// //Alice, //Alice//stash and //Bob//stash, the bundled network files' three price reporters.
const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const ALICE_STASH: &str = "5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY";
const BOB_STASH: &str = "5HpG9w8EBLe5XCrbczpwq5TSXvedjrBGCwqxK1iQ7qUsSWFc";
/// The `[actors]` lines of the three reporters, for scenarios written by the tests.
const REPORTERS: &str =
    "oracle = \"//Alice\"\noracle2 = \"//Alice//stash\"\noracle3 = \"//Bob//stash\"\n";
/// //Arbiter, the bundled network files' arbiter (no scenario signs as it).
const ARBITER: &str = "5D58fQbHFHe4L8E1js4j4DQmqTwA4FYDEsZDsBeoGJUtn1B7";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A network file in a fresh directory: the bundled sandbox file with `edit` applied, its
/// manifest and chain state kept beside it.
fn network(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(repo().join("deploy/networks/sandbox.toml")).unwrap();
    let text = text
        .replace("../deployments/sandbox.json", "manifest.json")
        .replace("../deployments/sandbox.state", "chain.state");
    let path = dir.join("network.toml");
    std::fs::write(&path, edit(text)).unwrap();
    path
}

fn cli(net: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scf-deploy"))
        .arg("--network")
        .arg(net)
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run scf-deploy")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "failed: {}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Fails with exit `code` and a message containing `needle`.
fn fails(o: Output, code: i32, needle: &str) -> String {
    let all = text(&o);
    assert_eq!(o.status.code(), Some(code), "exit status of: {all}");
    assert!(all.contains(needle), "expected {needle:?} in: {all}");
    all
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

/// Amounts are JSON strings (they exceed 2^53).
fn num(v: &Value) -> u128 {
    v.as_str()
        .unwrap_or_else(|| panic!("amount as a string: {v}"))
        .parse()
        .unwrap()
}

#[test]
fn deploy_status_and_the_bundled_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| t);
    let out = cli(&net, &["deploy"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    ok(out);
    // Seven codes, seven instances (the liquidation engine last: it takes the vault's address),
    // then the wiring: the vault mints, holds NFTs, and trusts the engine alone with them.
    for line in [
        "[ 7/66] upload liquidation_engine (",
        "[29/66] instantiate liquidation_engine … ok",
        "[25/66] instantiate condition_monitor … ok",
        "[26/66] instantiate credit_pricer … ok",
        "[30/66] stablecoin.set_minter(vault) … ok",
        "[31/66] receivable_registry.set_custodian(vault) … ok",
        "[32/66] collateral_vault.set_liquidation_engine(liquidation_engine) … ok",
    ] {
        assert!(err.contains(line), "{line} in: {err}");
    }
    assert!(
        err.contains("[51/66] collateral_vault.add_class(warehouse) … ok"),
        "{err}"
    );
    // Each key is configured first (an odd quorum of 3, all three reporters for a move beyond a
    // tight guard), then its own three reporters are added to it.
    assert!(
        err.contains("[35/66] price_oracle.set_key(USD: max age 3600000 ms, quorum 3, move quorum 3, max move 500 bps, anchor interval 3600000 ms) … ok"),
        "{err}"
    );
    assert!(
        err.contains("[43/66] price_oracle.set_key(COFFEE: max age 3600000 ms, quorum 3, move quorum 3, max move 1500 bps, anchor interval 3600000 ms) … ok"),
        "{err}"
    );
    for (n, key, who) in [
        (36, "USD", ALICE),
        (37, "USD", ALICE_STASH),
        (38, "USD", BOB_STASH),
        (46, "COFFEE", BOB_STASH),
    ] {
        let line = format!("[{n}/66] price_oracle.add_reporter({key}, {who}) … ok");
        assert!(err.contains(&line), "{line} in: {err}");
    }
    // Each class is followed by the price keys it accepts; then the vault's own settings, then
    // the engine's: its liquidation limits last, overall then per class.
    for line in [
        "[48/66] collateral_vault.set_class_price_keys(invoices: USD, EUR, TUSD) … ok",
        "[49/66] credit_pricer.set_class_bounds(invoices: advance ≤ 1, discount 0.1–0.25) … ok",
        "[50/66] credit_pricer.set_grade_table(invoices: A 1 … D 0.5) … ok",
        "[52/66] collateral_vault.set_class_price_keys(warehouse: COFFEE) … ok",
        "[55/66] condition_monitor.set_class_policy(shipments: haircut 0.20, silence 360 min) … ok",
        "[56/66] collateral_vault.set_surplus_buffer(1,000.00) … ok",
        "[57/66] collateral_vault.set_max_price_age(3600000 ms) … ok",
        format!("[58/66] liquidation_engine.set_arbiter({ARBITER}) … ok").as_str(),
        "[59/66] liquidation_engine.set_recovery_params(auction cusp 0.4, recovery period 90 days) … ok",
        "[60/66] liquidation_engine.set_keeper_reward(tip 0.00, chip 0.10 % of the debt) … ok",
        "[61/66] liquidation_engine.set_liquidation_limit(500,000.00) … ok",
        "[62/66] liquidation_engine.set_class_liquidation_limit(invoices: 250,000.00) … ok",
        "[63/66] liquidation_engine.set_class_liquidation_limit(warehouse: 250,000.00) … ok",
    ] {
        assert!(err.contains(line), "{line} in: {err}");
    }
    // The admin grants the underwriter; the underwriter approves the scenarios' buyer.
    assert!(
        err.contains(&format!(
            "[65/66] collateral_vault.grant_underwriter({FERDIE}) … ok"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "[66/66] collateral_vault.approve_debtor({CHARLIE}, credit limit 100,000.00) by underwriter {FERDIE} … ok"
        )),
        "{err}"
    );

    // The manifest: complete, seven contracts whose code hashes are the artifacts'.
    let m = json(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap());
    assert_eq!(m["complete"], true);
    assert_eq!(m["network"], "sandbox");
    assert_eq!(m["failed_step"], Value::Null);
    assert_eq!(m["steps"].as_array().unwrap().len(), 66);
    assert_eq!(SUITE.len(), 7);
    assert_eq!(m["contracts"].as_object().unwrap().len(), 7);
    // The vault's nine facets and the engine's five: uploaded, checked, recorded with the code
    // each router runs.
    for (key, contract, n) in [
        ("vault_facets", "collateral_vault", 10),
        ("engine_facets", "liquidation_engine", 5),
    ] {
        assert_eq!(m[key].as_object().unwrap().len(), n, "{key}");
        for (group, f) in m[key].as_object().unwrap() {
            let wasm = std::fs::read(
                default_dir()
                    .join(contract)
                    .join(format!("facet_{group}.wasm")),
            )
            .unwrap();
            assert_eq!(f["wasm_bytes"], wasm.len());
            assert_eq!(
                f["code_hash"],
                format!("0x{}", hex::encode(blake2_256(&wasm)))
            );
        }
    }
    for name in SUITE {
        let wasm = std::fs::read(default_dir().join(name).join(format!("{name}.wasm"))).unwrap();
        assert_eq!(
            m["contracts"][name]["code_hash"],
            format!("0x{}", hex::encode(blake2_256(&wasm)))
        );
        assert_eq!(m["contracts"][name]["wasm_bytes"], wasm.len());
        assert!(Path::new(m["contracts"][name]["metadata"].as_str().unwrap()).is_file());
    }
    assert_eq!(m["classes"][0]["name"], "invoices");
    assert_eq!(m["classes"][1]["name"], "warehouse");
    assert_eq!(
        m["classes"][0]["price_keys"],
        serde_json::json!(["USD", "EUR", "TUSD"])
    );
    assert_eq!(m["classes"][1]["price_keys"], serde_json::json!(["COFFEE"]));
    assert_eq!(m["price_keys"], serde_json::json!(["USD", "EUR", "COFFEE"]));
    assert_eq!(m["unit_key"], "TUSD");
    assert_eq!(m["underwriters"], serde_json::json!([FERDIE]));
    assert_eq!(
        m["debtors"],
        serde_json::json!([{"account": CHARLIE, "credit_limit_wad": (100_000 * WAD).to_string()}])
    );

    // Status reads it all back from the chain.
    let s = json(&ok(cli(&net, &["status", "--json"])));
    assert_eq!(s["complete"], true);
    for c in s["contracts"].as_array().unwrap() {
        assert_eq!(c["code_matches"], true, "{c}");
    }
    assert_eq!(s["stablecoin"]["symbol"], "TUSD");
    assert_eq!(num(&s["stablecoin"]["total_supply_wad"]), 0);
    assert_eq!(
        s["stablecoin"]["minter"],
        m["contracts"]["collateral_vault"]["address"]
    );
    assert_eq!(s["vault"]["paused"], false);
    assert_eq!(s["vault"]["unit_key"], "TUSD");
    assert_eq!(num(&s["vault"]["surplus_buffer_wad"]), 1_000 * WAD);
    assert_eq!(s["vault"]["max_price_age_ms"], 3_600_000);
    // The engine drives this vault and stablecoin, the vault names it, the deployer runs it.
    let e = &s["liquidation_engine"];
    assert_eq!(e["wired"], true, "{e}");
    assert_eq!(
        s["vault"]["liquidation_engine"],
        m["contracts"]["liquidation_engine"]["address"]
    );
    assert_eq!(e["vault"], m["contracts"]["collateral_vault"]["address"]);
    assert_eq!(e["stablecoin"], m["contracts"]["stablecoin"]["address"]);
    assert_eq!(e["admin"], ALICE);
    assert_eq!(e["arbiter"], ARBITER);
    assert_eq!(num(&e["auction_cusp_wad"]), 4 * WAD / 10);
    assert_eq!(e["recovery_period_ms"], 7_776_000_000u64);
    assert_eq!(num(&e["keeper_tip_wad"]), 0);
    assert_eq!(num(&e["keeper_chip_wad"]), WAD / 1_000);
    // The liquidation limits (Hole / hole), nothing being liquidated yet.
    assert_eq!(num(&e["liquidation_limit_wad"]), 500_000 * WAD);
    assert_eq!(num(&e["liquidation_in_use_wad"]), 0);
    for class in s["classes"].as_array().unwrap() {
        assert_eq!(
            num(&class["liquidation_limit_wad"]),
            250_000 * WAD,
            "{class}"
        );
        assert_eq!(num(&class["liquidation_in_use_wad"]), 0, "{class}");
    }
    assert_eq!(s["classes"][0]["grace_period_ms"], 30 * 86_400_000u64);
    // The wiring is set once, and set: final.
    let w = &s["wiring"];
    assert_eq!(
        (
            &w["minter_is_vault"],
            &w["custodian_is_vault"],
            &w["engine_is_ours"],
            &w["is_final"]
        ),
        (
            &Value::Bool(true),
            &Value::Bool(true),
            &Value::Bool(true),
            &Value::Bool(true)
        ),
        "{w}"
    );
    assert_eq!(
        w["custodian"],
        m["contracts"]["collateral_vault"]["address"]
    );
    assert_eq!(s["underwriting"]["underwriters"][0]["account"], FERDIE);
    assert_eq!(s["underwriting"]["underwriters"][0]["active"], true);
    let charlie = &s["underwriting"]["debtors"][0];
    assert_eq!(charlie["account"], CHARLIE);
    assert_eq!(
        (&charlie["approved"], &charlie["suspended"]),
        (&Value::Bool(true), &Value::Bool(false))
    );
    assert_eq!(num(&charlie["credit_limit_wad"]), 100_000 * WAD);
    assert_eq!(num(&charlie["exposure_wad"]), 0);
    assert_eq!(charlie["settled_on_time"], 0);
    assert_eq!(
        num(&s["vault"]["global_debt_ceiling_wad"]),
        10_000_000 * WAD
    );
    assert_eq!(s["classes"].as_array().unwrap().len(), 3);
    assert_eq!(num(&s["classes"][0]["liquidation_ratio_wad"]), 3 * WAD / 2);
    assert_eq!(num(&s["classes"][1]["debtor_limit_wad"]), 0);
    assert_eq!(
        s["classes"][0]["price_keys"],
        serde_json::json!(["USD", "EUR", "TUSD"])
    );
    assert_eq!(s["classes"][1]["price_keys"], serde_json::json!(["COFFEE"]));
    let coffee = &s["oracle"]["keys"][2];
    assert_eq!(coffee["symbol"], "COFFEE");
    assert_eq!(
        coffee["reporters"],
        serde_json::json!([ALICE, ALICE_STASH, BOB_STASH])
    );
    assert_eq!(
        (&coffee["quorum"], &coffee["move_quorum"]),
        (&Value::from(3), &Value::from(3))
    );
    assert_eq!(coffee["max_deviation_bps"], 1_500);
    assert_eq!(s["oracle"]["keys"][0]["max_deviation_bps"], 500);
    assert_eq!(coffee["anchor_interval_ms"], 3_600_000);
    assert_eq!(coffee["suspended"], false);
    assert_eq!(coffee["anchor_price_wad"], Value::Null);
    assert_eq!(coffee["latest_price_wad"], Value::Null);

    // The financing story: the buyer's payment clears Acme's loan; Acme keeps the rest. The EUR
    // invoice (its own position: a position has one price key) is paid at face × price:
    // 10 000 × 1.08 = 10 800, 6 000 of it repaying its loan.
    let out = ok_out(cli(
        &net,
        &["scenario", "deploy/scenarios/financing.toml", "--json"],
    ));
    let steps = String::from_utf8_lossy(&out.stderr).into_owned();
    let f = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(f["steps_ok"], 22, "{steps}");
    assert_eq!(f["steps_refused_as_expected"], 2, "{steps}");
    for line in [
        "oracle, oracle2, oracle3 report USD = 1 → answer 1 … ok",
        "buyer confirms NFT #1: binds the terms on its own record, as registered (acme's 50,000.00 USD, due 60 days after issue) → terms hash 0x",
        "acme pledges NFT #2 to position #1 … refused as expected: PriceKeyMismatch",
        "buyer pays invoice NFT #2 (10,000.00 EUR = 10,800.00 TUSD) through the vault … ok",
    ] {
        assert!(steps.contains(line), "{line} in: {steps}");
    }
    let pos = |o: &Value, name: &str| {
        o["positions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .cloned()
            .unwrap()
    };
    let bal = |o: &Value, name: &str| {
        num(&o["balances"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["actor"] == name)
            .unwrap()["stable_wad"])
    };
    for name in ["acme_facility", "acme_eur"] {
        let acme = pos(&f, name);
        assert_eq!(
            (num(&acme["debt_wad"]), acme["nfts"].as_u64()),
            (0, Some(0)),
            "{name}"
        );
    }
    let bean = pos(&f, "bean_stock");
    assert_eq!(num(&bean["debt_wad"]), 60_800 * WAD);
    assert_eq!(num(&bean["value_wad"]), 108_000 * WAD);
    assert_eq!(bal(&f, "acme"), 60_800 * WAD);
    assert_eq!(bal(&f, "buyer"), 0);
    assert_eq!(bal(&f, "bean"), 0);
    assert_eq!(num(&f["stable_supply_wad"]), 60_800 * WAD);
    // Both payments are on the buyer's record, on time; nothing is drawn against it any more.
    let s = json(&ok(cli(&net, &["status", "--json"])));
    let charlie = &s["underwriting"]["debtors"][0];
    assert_eq!(charlie["settled_on_time"], 2);
    assert_eq!(charlie["settled_late"], 0);
    assert_eq!(num(&charlie["exposure_wad"]), 0);

    // Liquidation through the engine: the 25 % fall is beyond the 15 % guard, so it takes all
    // three reporters (two suspend the key). The keeper earns 0.1 % of the 23 000 debt (23) out
    // of the 2 300 penalty; the auction from 32 400 reaches its reserve (12 960) unsold and
    // refuses to sell below it; restarted, the lot sells 6 h in at 24 300: 23 023 to the debt
    // (the reward included), 1 277 to the penalty.
    let out = ok_out(cli(
        &net,
        &["scenario", "deploy/scenarios/liquidation.toml", "--json"],
    ));
    let steps = String::from_utf8_lossy(&out.stderr).into_owned();
    let l = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        (
            l["steps_ok"].as_u64(),
            l["steps_refused_as_expected"].as_u64()
        ),
        (Some(19), Some(3)),
        "{steps}"
    );
    for line in [
        "keeper liquidates position #4 … refused as expected: Vault(PositionSafe)",
        "oracle, oracle2, oracle3 report COFFEE = 1.5 → answer 1.5 (beyond the guard: suspended after 2 reports, the move quorum of 3 confirmed the move) … ok",
        "keeper liquidates position #4 → to raise: debt 23,023.00 + penalty 2,277.00; at auction: #4 from 32,400.00 (reserve 12,960.00); in recovery: none; keeper reward 23.00 TUSD; in liquidation now: 25,300.00 of 500,000.00 overall, 25,300.00 of 250,000.00 in the class … ok",
        "keeper buys NFT #4 at auction (price now none: reserve or time reached, limit 25,000.00) … refused as expected: AuctionExpired",
        "keeper restarts the auction of NFT #4 → at auction from 32,400.00, reserve 12,960.00 … ok",
        "keeper buys NFT #4 at auction (price now 24,300.00, limit 25,000.00) … ok",
    ] {
        assert!(steps.contains(line), "{line} in: {steps}");
    }
    assert_eq!(num(&pos(&l, "trader_stock")["debt_wad"]), 0);
    assert_eq!(bal(&l, "keeper"), 5_723 * WAD);
    assert_eq!(bal(&l, "trader"), 23_000 * WAD);
    assert_eq!(num(&l["vault_surplus_wad"]), 1_277 * WAD);
    assert_eq!(num(&l["bad_debt_wad"]), 0);

    // Recovery: a day past due the invoice still carries 29/30 of its face (no cliff), so the
    // facility is safe, and its debtor can no longer dispute it; 31 days overdue it is worth 0, so
    // liquidation keeps it in recovery (no auction, no write-off before the period); the buyer
    // pays it late through the engine: the debt and penalty to the vault, the rest to Acme.
    let keeper_before = bal(&l, "keeper");
    let out = ok_out(cli(
        &net,
        &["scenario", "deploy/scenarios/recovery.toml", "--json"],
    ));
    let steps = String::from_utf8_lossy(&out.stderr).into_owned();
    let r = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        (
            r["steps_ok"].as_u64(),
            r["steps_refused_as_expected"].as_u64()
        ),
        (Some(16), Some(4)),
        "{steps}"
    );
    for line in [
        "time passes: 31 days 0 hours … ok\n 13. keeper liquidates position #7 … refused as expected: Vault(PositionSafe)",
        "buyer disputes pledged invoice NFT #7 (through the vault: it lends nothing until the arbiter rules) … refused as expected: PastDue",
        // Nothing to sell (an invoice past its grace is worth 0): no keeper reward.
        "at auction: none; in recovery: #7; in liquidation now: ",
        "… refused as expected: AuctionNotFound",
        "keeper writes off NFT #7 in recovery … refused as expected: RecoveryNotOver",
        "buyer pays invoice NFT #7 (10,000.00 TUSD = 10,000.00 TUSD) in recovery, through the liquidation engine → ",
    ] {
        assert!(steps.contains(line), "{line} in: {steps}");
    }
    assert!(!steps.contains("keeper reward"), "{steps}");
    assert_eq!(num(&pos(&r, "acme_late")["debt_wad"]), 0);
    // A defaulted invoice has nothing to sell: the keeper earns no reward for it (else a debtor
    // could dispute its own invoice and earn the reward by liquidating).
    assert_eq!(bal(&r, "keeper"), keeper_before);
    assert_eq!(num(&r["bad_debt_wad"]), 0);
    // The late payment is on the buyer's record; nothing is drawn against it any more.
    let s = json(&ok(cli(&net, &["status", "--json"])));
    let charlie = &s["underwriting"]["debtors"][0];
    assert_eq!(charlie["settled_late"], 1);
    assert_eq!(charlie["max_days_late"], 31);
    assert_eq!(num(&charlie["exposure_wad"]), 0);
    assert_eq!(s["liquidations"], serde_json::json!([]));

    // A late invoice at auction, paid by its debtor: ten days overdue it carries 20/30 of its
    // face, too little for the 6 000 loan; its auction starts and holds at what the buyer owes
    // (10 000); the buyer may not buy it, and pays it instead, which ends the auction.
    let acme_before = bal(&r, "acme");
    let out = ok_out(cli(
        &net,
        &[
            "scenario",
            "deploy/scenarios/payment_at_auction.toml",
            "--json",
        ],
    ));
    let steps = String::from_utf8_lossy(&out.stderr).into_owned();
    let a = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        (
            a["steps_ok"].as_u64(),
            a["steps_refused_as_expected"].as_u64()
        ),
        (Some(16), Some(2)),
        "{steps}"
    );
    for line in [
        "at auction: #9 from 10,000.00 (reserve 10,000.00); in recovery: none; keeper reward ",
        "buyer buys NFT #9 at auction (price now 10,000.00, limit 10,000.00) … refused as expected: DebtorMustSettle",
        "keeper buys NFT #9 at auction (price now 10,000.00, limit 9,000.00) … refused as expected: PriceAboveMax",
        "buyer pays invoice NFT #9 (10,000.00 TUSD = 10,000.00 TUSD) at auction (reserve 10,000.00: the auction ends), through the liquidation engine → ",
    ] {
        assert!(steps.contains(line), "{line} in: {steps}");
    }
    assert_eq!(num(&pos(&a, "acme_facility")["debt_wad"]), 0);
    // Acme got the 4 500 loan and then what the payment left after the debt and the penalty:
    // 14 500 less 110 % of the 4 500 and of its 40 days of fees (about 25).
    let got = bal(&a, "acme") - acme_before;
    assert!((9_515 * WAD..9_530 * WAD).contains(&got), "{}", money(got));
    assert_eq!(num(&a["bad_debt_wad"]), 0);
    let s = json(&ok(cli(&net, &["status", "--json"])));
    let charlie = &s["underwriting"]["debtors"][0];
    assert_eq!(charlie["settled_late"], 2);
    assert_eq!(num(&charlie["exposure_wad"]), 0);
    assert_eq!(s["liquidations"], serde_json::json!([]));
    assert_eq!(num(&s["liquidation_engine"]["liquidation_in_use_wad"]), 0);

    // The text forms print the tables.
    let st = ok(cli(&net, &["status"]));
    assert!(
        st.contains("| 1 warehouse | WarehouseReceipt | 1.5 |"),
        "{st}"
    );
    assert!(
        st.contains("| COFFEE | 3 / 3 | 3600 s | 1500 bps | 3600 s | no | no | 1.5 | 1.5 |"),
        "{st}"
    );
    assert!(
        st.contains("| 50,000.00 | 0.00 | 30 days | 250,000.00 (0.00) | USD, EUR, TUSD |\n"),
        "{st}"
    );
    assert!(st.contains("| - | 250,000.00 (0.00) | COFFEE |\n"), "{st}");
    assert!(
        st.contains(
            "liquidation limit 500,000.00, in use 0.00 (debt + penalty at auction or in recovery)"
        ),
        "{st}"
    );
    assert!(
        st.contains("wiring (each link set once): minter the vault (final), custodian the vault (final), liquidation engine this deployment's (final) — final"),
        "{st}"
    );
    assert!(st.contains("| COFFEE |\n"), "{st}");
    assert!(st.contains("max price age 3600 s"), "{st}");
    assert!(
        st.contains(&format!(
            "arbiter {ARBITER}, auction reserve (cusp) 40.00 % of the start price, recovery period 90 days"
        )),
        "{st}"
    );
    assert!(
        st.contains("keeper reward: tip 0.00 + chip 0.10 % of the debt, out of the penalty"),
        "{st}"
    );
    assert!(st.contains("(the vault's engine: wired)"), "{st}");
    assert!(st.contains("| liquidation_engine | "), "{st}");
    assert!(st.contains("liquidations in progress: none"), "{st}");
    assert!(st.contains("debt at auction 0.00, bad debt 0.00"), "{st}");
    assert!(st.contains(&format!("underwriters: {FERDIE}\n")), "{st}");
    assert!(
        st.contains(&format!(
            "| {CHARLIE} | active | 100,000.00 | 0.00 | 0.00 | 2 | 2 (42, 31) | 0 (0) | 0 |"
        )),
        "{st}"
    );

    // A reefer container valued from its sensor's signed reports (condition.toml, the main job's
    // last story): an excursion takes 20 %, the carrier's inspection restores it, a broken seal
    // makes it unknown and its position is liquidated into recovery.
    let out = ok_out(cli(
        &net,
        &["scenario", "deploy/scenarios/condition.toml", "--json"],
    ));
    let steps = String::from_utf8_lossy(&out.stderr).into_owned();
    let c = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        (
            c["steps_ok"].as_u64(),
            c["steps_refused_as_expected"].as_u64()
        ),
        (Some(13), Some(1)),
        "{steps}"
    );
    for line in [
        "14.5–18 °C — its position still worth 17,000.00 TUSD … ok",
        "17–27.5 °C — its position now worth 13,600.00 TUSD (was 17,000.00) … ok",
        "trader borrows 500.00 TUSD on position #",
        "refused as expected: Unsafe",
        "14–17.5 °C — its position still worth 13,600.00 TUSD … ok",
        "carrier inspects NFT #",
        "and confirms its condition — its position now worth 17,000.00 TUSD (was 13,600.00) … ok",
        "15–18 °C, SEAL BROKEN — condition UNKNOWN: its position now worth 0 (was 17,000.00 TUSD) … ok",
        "at auction: none; in recovery: #",
    ] {
        assert!(steps.contains(line), "{line} in: {steps}");
    }

    // The off-chain risk scorer reads the same record. Charlie: 2 on time, 2 late (42 days in
    // all, 31 at most): grade C on chain (2 + ⌈42 / 15⌉ = 5 points, one payment over 30 days
    // late); its score 1 − 0.30 × 2/4 − 0.002 × 21 days = 0.808. It has no score key, so nothing
    // is posted.
    let sc = json(&ok(cli(&net, &["score", "--json"])));
    assert_eq!(sc[0]["debtor"], CHARLIE);
    assert_eq!(sc[0]["grade"], 2);
    assert_eq!(sc[0]["score_wad"], serde_json::json!(808 * WAD / 1_000));
    assert_eq!(sc[0]["key"], Value::Null);
    assert_eq!(sc[0]["posted_by"], serde_json::json!([]));
}

#[test]
fn missing_artifact_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| t);
    let empty = dir.path().join("no-bundles");
    fails(
        cli(&net, &["--artifacts", empty.to_str().unwrap(), "deploy"]),
        2,
        "missing contract artifact",
    );
    assert!(
        !dir.path().join("manifest.json").exists(),
        "nothing was deployed"
    );
}

#[test]
fn unknown_config_key_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        t.replace("[vault]\n", "[vault]\ncolour = \"red\"\n")
    });
    fails(cli(&net, &["deploy"]), 2, "unknown field `colour`");
    let net = network(dir.path(), |t| {
        t.replace(
            "credit_limit = \"100_000\"\n",
            "credit_limit = \"100_000\"\nrating = \"AAA\"\n",
        )
    });
    fails(cli(&net, &["deploy"]), 2, "unknown field `rating`");
    let net = network(dir.path(), |t| t.replace("unit_key = \"TUSD\"\n", ""));
    fails(cli(&net, &["deploy"]), 2, "missing field `unit_key`");
}

#[test]
fn bad_config_values_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        t.replacen(
            "liquidation_ratio = \"1.5\"",
            "liquidation_ratio = \"1,5x\"",
            1,
        )
    });
    fails(cli(&net, &["deploy"]), 2, "`class[0].liquidation_ratio`");
    let net = network(dir.path(), |t| {
        t.replace("target = \"sandbox\"", "target = \"mainnet\"")
    });
    fails(cli(&net, &["deploy"]), 2, "`network.target`: \"mainnet\"");
    let net = network(dir.path(), |t| {
        t.replacen(
            "[network]\n",
            "[network]\nexplorer = \"https://x.example/tx/\"\n",
            1,
        )
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`network.explorer`: \"https://x.example/tx/\"",
    );
    let net = network(dir.path(), |t| {
        t.replacen(
            "quorum = 3\nmove_quorum = 3\n",
            "quorum = 3\nmove_quorum = 5\n",
            1,
        )
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`oracle.key[0].move_quorum`: 5 is more than the key's 3 reporters",
    );
    let net = network(dir.path(), |t| {
        t.replacen(
            "quorum = 3\nmove_quorum = 3\n",
            "quorum = 5\nmove_quorum = 3\n",
            1,
        )
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`oracle.key[0].move_quorum`: 3 is less than the quorum 5",
    );
    let net = network(dir.path(), |t| {
        t.replacen(
            "anchor_interval_ms = 3_600_000\n",
            "anchor_interval_ms = 3_600_000\nreporters = [\"//Alice\", \"//Bob\", \"//Charlie\", \"//Alice\"]\n",
            1,
        )
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`oracle.key[0].reporters[3]`: listed twice",
    );
    let net = network(dir.path(), |t| {
        t.replace("credit_limit = \"100_000\"", "credit_limit = \"lots\"")
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`underwriting.debtor[0].credit_limit`",
    );
    let net = network(dir.path(), |t| {
        t.replace("underwriters = [\"//Ferdie\"]", "underwriters = []")
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`underwriting.underwriters`: debtors are approved by an underwriter",
    );
    let net = network(dir.path(), |t| {
        t.replace("max_price_age_ms = 3_600_000", "max_price_age_ms = 1_000")
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`vault.max_price_age_ms`: 1000: expected 60000 (a minute) to 86400000 (a day)",
    );
    let net = network(dir.path(), |t| {
        t.replace("surplus_buffer = \"1_000\"", "surplus_buffer = \"-1\"")
    });
    fails(cli(&net, &["deploy"]), 2, "`vault.surplus_buffer`");
    let net = network(dir.path(), |t| {
        t.replace(
            "price_keys = [\"COFFEE\"]",
            "price_keys = [\"COFFEE\", \"COFFEE\"]",
        )
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`class[1].price_keys[1]`: \"COFFEE\" is listed twice",
    );
    let net = network(dir.path(), |t| {
        t.replace("price_keys = [\"COFFEE\"]", "price_keys = []")
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`class[1].price_keys`: empty: the class would accept no NFT",
    );
    let net = network(dir.path(), |t| {
        t.replace(
            "price_keys = [\"COFFEE\"]",
            "price_keys = [\"USD\", \"EUR\", \"TUSD\", \"COFFEE\", \"USD1\", \"USD2\", \"USD3\", \"USD4\", \"USD5\"]",
        )
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`class[1].price_keys`: 9 keys: a class accepts at most 8",
    );
    let net = network(dir.path(), |t| t.replace("price_keys = [\"COFFEE\"]\n", ""));
    fails(cli(&net, &["deploy"]), 2, "missing field `price_keys`");
    let net = network(dir.path(), |t| t);
    fails(
        cli(&net, &["--suri", "not a valid uri//", "deploy"]),
        2,
        "bad secret URI",
    );
    fails(
        cli(&net, &["deploy", "--salt", "xyz"]),
        2,
        "salt must be hex",
    );
}

/// The recovery parameters are checked as the engine checks `set_recovery_params` (cusp 0.05 to
/// 0.95, period a day to two years), the keeper reward as it checks `set_keeper_reward` (tip up to
/// 10 000, chip up to 5 %) and the arbiter as an account, before anything is sent.
#[test]
fn engine_parameters_outside_the_engines_bounds_are_refused_before_deploying() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        t.replace("auction_cusp = \"0.4\"", "auction_cusp = \"0.99\"")
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`liquidation_engine.auction_cusp`: 0.99: expected 0.05 to 0.95",
    );
    assert!(
        !dir.path().join("manifest.json").exists(),
        "nothing was deployed"
    );
    let net = network(dir.path(), |t| {
        t.replace("auction_cusp = \"0.4\"", "auction_cusp = \"0.01\"")
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`liquidation_engine.auction_cusp`: 0.01: expected 0.05 to 0.95",
    );
    let net = network(dir.path(), |t| {
        t.replace("auction_cusp = \"0.4\"", "auction_cusp = \"most\"")
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`liquidation_engine.auction_cusp`",
    );
    for days in ["0", "731"] {
        let net = network(dir.path(), |t| {
            t.replace(
                "recovery_period_days = 90",
                &format!("recovery_period_days = {days}"),
            )
        });
        fails(
            cli(&net, &["deploy"]),
            2,
            &format!("`liquidation_engine.recovery_period_days`: {days}: expected 1 to 730 days"),
        );
    }
    for (key, from, to, why) in [
        (
            "keeper_tip",
            "keeper_tip = \"0\"",
            "keeper_tip = \"10_000.01\"",
            "10,000.01: expected 0 to 10,000",
        ),
        (
            "keeper_chip",
            "keeper_chip = \"0.001\"",
            "keeper_chip = \"0.051\"",
            "0.051: expected 0 to 0.05",
        ),
        (
            "keeper_chip",
            "keeper_chip = \"0.001\"",
            "keeper_chip = \"-1\"",
            "",
        ),
    ] {
        let net = network(dir.path(), |t| t.replace(from, to));
        fails(
            cli(&net, &["deploy"]),
            2,
            &format!("`liquidation_engine.{key}`: {why}"),
        );
    }
    let net = network(dir.path(), |t| {
        t.replace("arbiter = \"//Arbiter\"", "arbiter = \"nobody\"")
    });
    fails(cli(&net, &["deploy"]), 2, "`liquidation_engine.arbiter`");
    // A network file of the vault of old is told where its liquidation settings went.
    for key in [
        "arbiter = \"//Arbiter\"",
        "auction_cusp = \"0.4\"",
        "recovery_period_days = 90",
    ] {
        let net = network(dir.path(), |t| {
            t.replace(&format!("{key}\n"), "").replace(
                "max_price_age_ms = 3_600_000\n",
                &format!("max_price_age_ms = 3_600_000\n{key}\n"),
            )
        });
        let name = key.split(' ').next().unwrap();
        fails(
            cli(&net, &["deploy"]),
            2,
            &format!("`vault.{name}`: moved to `[liquidation_engine] {name}`"),
        );
    }
    assert!(
        !dir.path().join("manifest.json").exists(),
        "nothing was deployed"
    );
    // Unset, no engine setting is sent (and the engine keeps its defaults: 40 %, 90 days, no
    // arbiter, no keeper reward, no liquidation limit); the engine is still deployed and wired.
    let net = network(dir.path(), |t| {
        t.replace("arbiter = \"//Arbiter\"\n", "")
            .replace("auction_cusp = \"0.4\"\n", "")
            .replace("recovery_period_days = 90\n", "")
            .replace("keeper_tip = \"0\"\n", "")
            .replace("keeper_chip = \"0.001\"\n", "")
            .replace("liquidation_limit = \"500_000\"\n", "")
            .replace("liquidation_limit = \"250_000\"\n", "")
    });
    let err = String::from_utf8_lossy(&ok_out(cli(&net, &["deploy"])).stderr).into_owned();
    assert!(!err.contains("set_arbiter"), "{err}");
    assert!(!err.contains("set_recovery_params"), "{err}");
    assert!(!err.contains("set_keeper_reward"), "{err}");
    assert!(!err.contains("liquidation_limit"), "{err}");
    assert!(
        err.contains("[32/59] collateral_vault.set_liquidation_engine(liquidation_engine) … ok"),
        "{err}"
    );
    assert!(
        err.contains("[59/59] collateral_vault.approve_debtor"),
        "{err}"
    );
    let s = json(&ok(cli(&net, &["status", "--json"])));
    let e = &s["liquidation_engine"];
    assert_eq!(e["wired"], true);
    assert_eq!(e["arbiter"], Value::Null);
    assert_eq!(num(&e["auction_cusp_wad"]), 4 * WAD / 10);
    assert_eq!(e["recovery_period_ms"], 7_776_000_000u64);
    assert_eq!(
        (num(&e["keeper_tip_wad"]), num(&e["keeper_chip_wad"])),
        (0, 0)
    );
    assert_eq!(e["liquidation_limit_wad"], Value::Null);
    assert_eq!(s["classes"][0]["liquidation_limit_wad"], Value::Null);
    let st = ok(cli(&net, &["status"]));
    assert!(st.contains("liquidation limit none, in use 0.00"), "{st}");
    assert!(
        st.contains("| 30 days | none (0.00) | USD, EUR, TUSD |"),
        "{st}"
    );
    // Only the tip set: the chip is sent as 0.
    let net = network(dir.path(), |t| {
        t.replace("keeper_chip = \"0.001\"\n", "")
            .replace("keeper_tip = \"0\"", "keeper_tip = \"25\"")
    });
    let err = String::from_utf8_lossy(&ok_out(cli(&net, &["deploy"])).stderr).into_owned();
    assert!(
        err.contains(
            "[60/66] liquidation_engine.set_keeper_reward(tip 25.00, chip 0.00 % of the debt) … ok"
        ),
        "{err}"
    );
}

/// A dispute alone never makes a facility liquidatable: the disputed invoice keeps its value for
/// the liquidation check until the arbiter rules (it lends nothing meanwhile). Ruled void, it is
/// worth nothing and its facility is liquidated into recovery (no keeper reward: nothing to
/// sell); time makes the others liquidatable as their value declines past the due date. In
/// recovery a disputed invoice cannot go to auction until the arbiter rules it valid, which
/// leaves its liquidation's penalty owed (the dispute did not cause it); it then goes to auction
/// at what its debtor owes. A void
/// invoice's recovery is written off after the period: bad debt. Status shows what each
/// liquidation counts against the limits and the liquidation debt the vault records.
#[test]
fn disputes_rulings_recovery_restart_and_write_off() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        t.replace("recovery_period_days = 90", "recovery_period_days = 1")
    });
    let err = String::from_utf8_lossy(&ok_out(cli(&net, &["deploy"])).stderr).into_owned();
    assert!(
        err.contains("[59/66] liquidation_engine.set_recovery_params(auction cusp 0.4, recovery period 1 day) … ok"),
        "{err}"
    );
    let story = dir.path().join("recovery.toml");
    let invoice = |name: &str, doc: &str, pos: &str| {
        format!(
            r#"
[[step]]
action = "register_invoice"
as = "acme"
name = "{name}"
debtor = "buyer"
currency = "TUSD"
face = "10_000"
due_in_days = 60
document = "{doc}"

[[step]]
action = "confirm"
as = "buyer"
asset = "{name}"

[[step]]
action = "open_position"
as = "acme"
name = "{pos}"
class = "invoices"

[[step]]
action = "deposit"
as = "acme"
position = "{pos}"
asset = "{name}"

[[step]]
action = "borrow"
as = "acme"
position = "{pos}"
amount = "5_000"

[[step]]
action = "dispute"
as = "buyer"
asset = "{name}"
"#
        )
    };
    let rulings = r#"
# A dispute alone: the invoice still counts for the liquidation check.
[[step]]
action = "liquidate"
as = "keeper"
position = "pos_a"
expect_error = "Vault(PositionSafe)"

# Ruled void while pledged: worth nothing; its facility is liquidated into recovery.
[[step]]
action = "resolve_dispute"
as = "arbiter"
asset = "inv_b"
valid = false

[[step]]
action = "liquidate"
as = "keeper"
position = "pos_b"

# Void: its recovery may be written off at once (the ruling came before the liquidation).
[[step]]
action = "write_off"
as = "keeper"
asset = "inv_b"

# 75 days on, the disputed invoices are 15 days overdue: worth half their face, below 150 %.
[[step]]
action = "advance"
days = 75

[[step]]
action = "liquidate"
as = "keeper"
position = "pos_a"

[[step]]
action = "liquidate"
as = "keeper"
position = "pos_c"

# Only the arbiter rules; a disputed invoice has no value to auction until it does.
[[step]]
action = "resolve_dispute"
as = "acme"
asset = "inv_a"
valid = true
expect_error = "NotArbiter"

[[step]]
action = "restart_auction"
as = "keeper"
asset = "inv_a"
expect_error = "NoValue"

# Valid: Confirmed again (its liquidation's penalty still owed), and to auction at what is owed.
[[step]]
action = "resolve_dispute"
as = "arbiter"
asset = "inv_a"
valid = true

[[step]]
action = "restart_auction"
as = "keeper"
asset = "inv_a"
"#;
    std::fs::write(
        &story,
        format!(
            r#"title = "Disputed invoices: no liquidation on a dispute alone, rulings, recovery, write-off"
[actors]
acme = "//Bob"
buyer = "//Charlie"
keeper = "//Keeper"
arbiter = "//Arbiter"
{}{}{}{rulings}"#,
            invoice("inv_a", "ACME-INV-R-1", "pos_a"),
            invoice("inv_b", "ACME-INV-R-2", "pos_b"),
            invoice("inv_c", "ACME-INV-R-3", "pos_c"),
        ),
    )
    .unwrap();
    let out = ok_out(cli(&net, &["scenario", story.to_str().unwrap(), "--json"]));
    let steps = String::from_utf8_lossy(&out.stderr).into_owned();
    let o = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        (
            o["steps_ok"].as_u64(),
            o["steps_refused_as_expected"].as_u64()
        ),
        (Some(26), Some(3)),
        "{steps}"
    );
    for line in [
        "buyer disputes pledged invoice NFT #1 (through the vault: it lends nothing until the arbiter rules) … ok",
        "keeper liquidates position #1 … refused as expected: Vault(PositionSafe)",
        "arbiter (arbiter) rules disputed NFT #2 void: worth nothing from now on … ok",
        "keeper liquidates position #2 → to raise: debt 5,000.00 + penalty 500.00; at auction: none; in recovery: #2; in liquidation now: 5,500.00 of 500,000.00 overall, 5,500.00 of 250,000.00 in the class … ok",
        "keeper restarts the auction of NFT #1 (from recovery) … refused as expected: NoValue",
        "arbiter (arbiter) rules disputed NFT #1 valid: Confirmed again, its liquidation's penalty still owed … ok",
        "keeper restarts the auction of NFT #1 (from recovery) → at auction from 10,000.00, reserve 10,000.00 … ok",
        "keeper writes off NFT #2 in recovery → bad debt ",
    ] {
        assert!(steps.contains(line), "{line} in: {steps}");
    }
    // Disputed or void, nothing could be sold: no keeper reward.
    assert!(!steps.contains("keeper reward"), "{steps}");
    // inv_b's 5 000 of debt, less the fees the surplus had collected by then (written off at
    // once, it had collected close to nothing).
    let bad = num(&o["bad_debt_wad"]);
    assert!((4_800 * WAD..=5_000 * WAD).contains(&bad), "{}", money(bad));
    // inv_a is at auction (its penalty still owed after the valid ruling), inv_c still in recovery;
    // inv_b's liquidation is over.
    let s = json(&ok(cli(&net, &["status", "--json"])));
    let liqs = s["liquidations"].as_array().unwrap();
    assert_eq!(liqs.len(), 2, "{s}");
    assert_eq!(liqs[0]["position_id"], 1);
    assert_eq!(liqs[0]["at_auction"], serde_json::json!([1]));
    assert_eq!(liqs[0]["in_recovery"], serde_json::json!([]));
    assert!(num(&liqs[0]["penalty_remaining_wad"]) > 0, "{s}");
    assert_eq!(liqs[1]["position_id"], 3);
    assert_eq!(liqs[1]["at_auction"], serde_json::json!([]));
    assert_eq!(liqs[1]["in_recovery"][0]["asset_id"], 3);
    assert_eq!(liqs[1]["in_recovery"][0]["dispute_upheld"], false);
    let rec = &liqs[1]["in_recovery"][0];
    assert_eq!(
        rec["write_off_from_ms"].as_u64().unwrap() - rec["since_ms"].as_u64().unwrap(),
        86_400_000
    );
    // What each counts against the limits is its debt and penalty remaining; the vault's
    // liquidation debt is the seized debt (no keeper reward, nothing sold yet).
    let mut in_use = 0;
    for l in liqs {
        let debt = num(&l["debt_remaining_wad"]);
        assert_eq!(
            num(&l["dirt_wad"]),
            debt + num(&l["penalty_remaining_wad"]),
            "{l}"
        );
        assert_eq!(num(&l["vault_liquidation_debt_wad"]), debt, "{l}");
        assert!((5_000 * WAD..5_200 * WAD).contains(&debt), "{l}");
        in_use += num(&l["dirt_wad"]);
    }
    assert_eq!(
        num(&s["liquidation_engine"]["liquidation_in_use_wad"]),
        in_use
    );
    assert_eq!(num(&s["classes"][0]["liquidation_in_use_wad"]), in_use);
    assert_eq!(num(&s["classes"][1]["liquidation_in_use_wad"]), 0);
    // The seized debt still counts against the buyer's line, and so does inv_b's written-off
    // debt (its loss) until an underwriter clears it: its exposure.
    let charlie = &s["underwriting"]["debtors"][0];
    let losses = num(&charlie["losses_wad"]);
    assert!(
        (4_800 * WAD..=5_100 * WAD).contains(&losses),
        "{}",
        money(losses)
    );
    assert_eq!(
        num(&charlie["exposure_wad"]),
        num(&liqs[0]["vault_liquidation_debt_wad"])
            + num(&liqs[1]["vault_liquidation_debt_wad"])
            + losses
    );
    let a = &liqs[0]["auctions"][0];
    assert_eq!(a["asset_id"], 1);
    // An invoice's auction starts and holds at what its debtor owes: its face.
    assert_eq!(num(&a["start_price_wad"]), 10_000 * WAD);
    assert_eq!(num(&a["floor_wad"]), 10_000 * WAD);
    assert_eq!(num(&a["price_wad"]), 10_000 * WAD);
    let st = ok(cli(&net, &["status"]));
    assert!(
        st.contains(&format!(
            "| {} | #1 (price 10,000.00, reserve 10,000.00) | - |",
            money(num(&liqs[0]["vault_liquidation_debt_wad"]))
        )),
        "{st}"
    );
    assert!(st.contains("| - | #3 (write-off in 1 day) |"), "{st}");
    assert!(
        st.contains(&format!(
            "liquidation limit 500,000.00, in use {} (debt + penalty at auction or in recovery)",
            money(in_use)
        )),
        "{st}"
    );
}

#[test]
fn unreachable_node_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| t);
    fails(
        cli(&net, &["--url", "ws://127.0.0.1:1", "deploy"]),
        3,
        "node unreachable at ws://127.0.0.1:1",
    );
}

#[test]
fn insufficient_balance_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        t.replace("sandbox_funding = \"1_000_000\"", "sandbox_funding = \"0\"")
    });
    fails(
        cli(&net, &["deploy"]),
        3,
        "insufficient balance: 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY has 0 free",
    );
}

/// A class the vault refuses: the contract's error is decoded from the metadata, the deployment
/// stops there, and the manifest records exactly what was done and what failed.
#[test]
fn contract_error_stops_the_deployment_and_the_manifest_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        t.replacen(
            "liquidation_ratio = \"1.5\"",
            "liquidation_ratio = \"0.5\"",
            1,
        )
    });
    fails(
        cli(&net, &["deploy"]),
        4,
        "collateral_vault.add_class refused: InvalidParams",
    );
    let m = json(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap());
    assert_eq!(m["complete"], false);
    assert_eq!(m["failed_step"], "collateral_vault.add_class(invoices)");
    assert_eq!(
        m["error"],
        "collateral_vault.add_class refused: InvalidParams"
    );
    assert_eq!(m["contracts"].as_object().unwrap().len(), 7);
    assert_eq!(m["steps"].as_array().unwrap().len(), 46);
    assert_eq!(m["classes"].as_array().unwrap().len(), 0);
    // Acting on a half-wired deployment is refused; reading it is not.
    fails(
        cli(&net, &["scenario", "deploy/scenarios/financing.toml"]),
        2,
        "the deployment is incomplete: step \"collateral_vault.add_class(invoices)\" failed",
    );
    let s = json(&ok(cli(&net, &["status", "--json"])));
    assert_eq!(s["complete"], false);
    assert_eq!(s["classes"].as_array().unwrap().len(), 0);
}

#[test]
fn status_and_scenario_need_a_deployment() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| t);
    fails(cli(&net, &["status"]), 2, "run `deploy` first");
    fails(
        cli(&net, &["scenario", "deploy/scenarios/financing.toml"]),
        2,
        "run `deploy` first",
    );
}

#[test]
fn bad_scenarios_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| t);
    ok(cli(&net, &["deploy"]));
    let story = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(
            &p,
            format!("title = \"t\"\n[actors]\nacme = \"//Bob\"\nbuyer = \"//Charlie\"\n{body}"),
        )
        .unwrap();
        p.to_str().unwrap().to_string()
    };
    let s = story(
        "unknown.toml",
        "[[step]]\naction = \"steal\"\nas = \"acme\"\n",
    );
    fails(
        cli(&net, &["scenario", &s]),
        2,
        "step 1 (steal): unknown action",
    );
    let s = story(
        "missing.toml",
        "[[step]]\naction = \"open_position\"\nas = \"acme\"\nname = \"p\"\n",
    );
    fails(
        cli(&net, &["scenario", &s]),
        2,
        "step 1 (open_position): missing `class`",
    );
    let s = story("actor.toml", "[[step]]\naction = \"open_position\"\nas = \"mallory\"\nname = \"p\"\nclass = \"invoices\"\n");
    fails(
        cli(&net, &["scenario", &s]),
        2,
        "`as`: no actor \"mallory\"",
    );
    let s = story("field.toml", "[[step]]\naction = \"open_position\"\nas = \"acme\"\nname = \"p\"\nclass = \"invoices\"\ncolor = 1\n");
    fails(cli(&net, &["scenario", &s]), 2, "unknown field `color`");
    let s = story(
        "class.toml",
        "[[step]]\naction = \"open_position\"\nas = \"acme\"\nname = \"p\"\nclass = \"yachts\"\n",
    );
    fails(
        cli(&net, &["scenario", &s]),
        2,
        "the deployment has no class \"yachts\"",
    );
    // A contract refusal nobody expected: decoded from the metadata, the story stops.
    let s = story(
        "refused.toml",
        "[[step]]\naction = \"open_position\"\nas = \"acme\"\nname = \"p\"\nclass = \"invoices\"\n\
         [[step]]\naction = \"borrow\"\nas = \"acme\"\nposition = \"p\"\namount = \"100\"\n",
    );
    fails(
        cli(&net, &["scenario", &s]),
        2,
        "step 2 (borrow): collateral_vault.borrow refused: Unsafe",
    );
    // An expected error that does not come is a failure too.
    let s = story(
        "expected.toml",
        "[[step]]\naction = \"open_position\"\nas = \"acme\"\nname = \"p\"\nclass = \"invoices\"\nexpect_error = \"Paused\"\n",
    );
    fails(
        cli(&net, &["scenario", &s]),
        2,
        "expected the contract error Paused, but it succeeded",
    );
    let s = story(
        "reporters.toml",
        "[[step]]\naction = \"post_price\"\nas = \"acme\"\nreporters = [\"acme\"]\nkey = \"USD\"\nprice = \"1\"\n",
    );
    fails(
        cli(&net, &["scenario", &s]),
        2,
        "step 1 (post_price): give either `as` (one reporter) or `reporters` (several), not both",
    );
    let s = story(
        "confirmer.toml",
        "[[step]]\naction = \"register_invoice\"\nas = \"acme\"\nname = \"i\"\ndebtor = \"buyer\"\ncurrency = \"USD\"\nface = \"1\"\ndue_in_days = 9\ndocument = \"D\"\n\
         [[step]]\naction = \"confirm\"\nas = \"buyer\"\nasset = \"i\"\ncommodity = \"COFFEE\"\n",
    );
    fails(
        cli(&net, &["scenario", &s]),
        2,
        "step 2 (confirm): `commodity`: NFT #1 is an invoice",
    );
    let s = story("amount.toml", "[[step]]\naction = \"transfer\"\nas = \"acme\"\nto = \"buyer\"\namount = \"1.0000000000000000001\"\n");
    fails(cli(&net, &["scenario", &s]), 2, "more than 18 decimals");
}

/// Who may create credit: only an approved, active debtor's invoices are collateral, within the
/// debtor's credit limit; the confirmer confirms exactly what was registered; a rejected
/// registration frees its document; an invoice paid outside the vault cannot be pledged.
#[test]
fn deployment_approves_the_debtors_and_the_vault_enforces_it() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| t);
    ok(cli(&net, &["deploy"]));
    let story = dir.path().join("underwriting.toml");
    std::fs::write(
        &story,
        r#"title = "Underwriting"
[actors]
oracle = "//Alice"
oracle2 = "//Alice//stash"
oracle3 = "//Bob//stash"
acme = "//Bob"
buyer = "//Charlie"       # approved by the deployment
shell = "//Bob//shell"    # a second account of Acme's, named as debtor
underwriter = "//Ferdie"

[[step]]
action = "post_price"
reporters = ["oracle", "oracle2", "oracle3"]
key = "USD"
price = "1.00"

[[step]]
action = "register_invoice"
as = "acme"
name = "fake"
debtor = "shell"
currency = "USD"
face = "40_000"
due_in_days = 60
document = "ACME-FAKE-1"

[[step]]
action = "confirm"
as = "shell"
asset = "fake"

[[step]]
action = "open_position"
as = "acme"
name = "p"
class = "invoices"

# The attack: a fictitious receivable owed by one's own account is not collateral.
[[step]]
action = "deposit"
as = "acme"
position = "p"
asset = "fake"
expect_error = "DebtorNotApproved"

[[step]]
action = "approve_debtor"
as = "acme"
debtor = "shell"
credit_limit = "1_000_000"
expect_error = "NotUnderwriter"

[[step]]
action = "register_invoice"
as = "acme"
name = "real"
debtor = "buyer"
currency = "USD"
face = "20_000"
due_in_days = 60
document = "ACME-INV-1"

# The buyer binds every term as its own records have them: a registration that differs in any
# of them (amount, currency, due date, supplier, document) is refused.
[[step]]
action = "confirm"
as = "buyer"
asset = "real"
amount = "2_000"
expect_error = "TermsMismatch"

[[step]]
action = "confirm"
as = "buyer"
asset = "real"
currency = "EUR"
expect_error = "TermsMismatch"

[[step]]
action = "confirm"
as = "buyer"
asset = "real"
due_in_days = 90
expect_error = "TermsMismatch"

[[step]]
action = "confirm"
as = "buyer"
asset = "real"
originator = "shell"
expect_error = "TermsMismatch"

[[step]]
action = "confirm"
as = "buyer"
asset = "real"
document = "ACME-INV-9"
expect_error = "TermsMismatch"

[[step]]
action = "confirm"
as = "buyer"
asset = "real"

[[step]]
action = "deposit"
as = "acme"
position = "p"
asset = "real"

[[step]]
action = "suspend_debtor"
as = "underwriter"
debtor = "buyer"

[[step]]
action = "borrow"
as = "acme"
position = "p"
amount = "1_000"
expect_error = "DebtorSuspended"

# Reinstated with a smaller line: the exposure may reach the limit exactly, not a unit more.
[[step]]
action = "approve_debtor"
as = "underwriter"
debtor = "buyer"
credit_limit = "5_000"

[[step]]
action = "borrow"
as = "acme"
position = "p"
amount = "5_000.000000000000000001"
expect_error = "CreditLimit"

[[step]]
action = "borrow"
as = "acme"
position = "p"
amount = "5_000"

# A registration the buyer does not recognise: rejected, burnt, its document free again.
[[step]]
action = "register_invoice"
as = "acme"
name = "typo"
debtor = "buyer"
currency = "USD"
face = "7_000"
due_in_days = 60
document = "ACME-INV-2"

[[step]]
action = "reject"
as = "buyer"
asset = "typo"

[[step]]
action = "register_invoice"
as = "acme"
name = "fixed"
debtor = "buyer"
currency = "USD"
face = "700"
due_in_days = 60
document = "ACME-INV-2"

[[step]]
action = "confirm"
as = "buyer"
asset = "fixed"

# Paid outside the vault: the debtor's word settles nothing (it would clear its supplier's
# receivable paying nothing); the holder's does: Settled, and never collateral.
[[step]]
action = "mark_paid"
as = "buyer"
asset = "fixed"
expect_error = "NotAuthorised"

[[step]]
action = "mark_paid"
as = "acme"
asset = "fixed"

# On the holder's word: the party that was paid.
[[step]]
action = "register_invoice"
as = "acme"
name = "cash"
debtor = "buyer"
currency = "USD"
face = "300"
due_in_days = 60
document = "ACME-INV-3"

[[step]]
action = "confirm"
as = "buyer"
asset = "cash"

[[step]]
action = "mark_paid"
as = "acme"
asset = "cash"

[[step]]
action = "deposit"
as = "acme"
position = "p"
asset = "fixed"
expect_error = "NotConfirmed"
"#,
    )
    .unwrap();
    let out = ok_out(cli(&net, &["scenario", story.to_str().unwrap(), "--json"]));
    let steps = String::from_utf8_lossy(&out.stderr).into_owned();
    let o = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        (
            o["steps_ok"].as_u64(),
            o["steps_refused_as_expected"].as_u64()
        ),
        (Some(18), Some(11)),
        "{steps}"
    );
    // Each confirmation that binds other terms than were registered says which, and is refused.
    for line in [
        "buyer confirms NFT #2 with its own record of the terms, which differs from the registration: face 2,000 (registered: 20,000) → terms hash 0x",
        "buyer confirms NFT #2 with its own record of the terms, which differs from the registration: currency EUR (registered: USD) → ",
        "buyer confirms NFT #2 with its own record of the terms, which differs from the registration: due 90 days after issue (registered: 60) → ",
        "buyer confirms NFT #2 with its own record of the terms, which differs from the registration: originator shell (registered: acme) → ",
        "buyer confirms NFT #2 with its own record of the terms, which differs from the registration: document \"ACME-INV-9\" → ",
        "buyer confirms NFT #2: binds the terms on its own record, as registered (acme's 20,000.00 USD, due 60 days after issue) → ",
        "buyer marks invoice NFT #4 paid outside the vault (its debtor's word, which settles nothing: the holder is acme) … refused as expected: NotAuthorised",
        "acme marks invoice NFT #4 paid outside the vault (the holder's word: it was paid) … ok",
        "acme marks invoice NFT #5 paid outside the vault (the holder's word: it was paid) … ok",
    ] {
        assert!(steps.contains(line), "{line} in: {steps}");
    }
    assert_eq!(
        steps
            .matches("… refused as expected: TermsMismatch")
            .count(),
        5,
        "{steps}"
    );
    let p = &o["positions"][0];
    assert_eq!(
        (num(&p["debt_wad"]), p["nfts"].as_u64()),
        (5_000 * WAD, Some(1))
    );
    assert_eq!(num(&o["stable_supply_wad"]), 5_000 * WAD);

    // Status reads the line, the exposure at the limit and the payment record back.
    let s = json(&ok(cli(&net, &["status", "--json"])));
    let charlie = &s["underwriting"]["debtors"][0];
    assert_eq!(charlie["account"], CHARLIE);
    assert_eq!(charlie["suspended"], false);
    assert_eq!(num(&charlie["credit_limit_wad"]), 5_000 * WAD);
    assert_eq!(num(&charlie["exposure_wad"]), 5_000 * WAD);
    assert_eq!(charlie["settled_on_time"], 2);
}

/// A key whose move quorum its reporters could never reach is refused with the key's name before
/// anything is sent to the chain (per-key `reporters` override `[oracle] reporters`).
#[test]
fn move_quorum_above_the_keys_reporters_is_refused_before_deploying() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        t.replace(
            "symbol = \"COFFEE\"\n",
            "symbol = \"COFFEE\"\nreporters = [\"//Alice\", \"//Alice//stash\", \"//Bob//stash\", \"//Dave//stash\"]\n",
        )
        .replace(
            "quorum = 3\nmove_quorum = 3\nmax_deviation_bps = 1_500",
            "quorum = 3\nmove_quorum = 5\nmax_deviation_bps = 1_500",
        )
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`oracle.key[2].move_quorum`: 5 is more than the key's 4 reporters: a move beyond the guard could never be confirmed",
    );
    assert!(
        !dir.path().join("manifest.json").exists(),
        "nothing was deployed"
    );
}

/// The oracle's own rules for a key (`set_key` answers InvalidConfig): an odd quorum of at least
/// three — no single reporter is ever the median, one silent reporter never hands another the
/// key — and a guard of at most 2 000 bps. Each is refused with the field's name and why, before
/// anything is sent.
#[test]
fn oracle_keys_the_oracle_would_refuse_are_refused_before_deploying() {
    let dir = tempfile::tempdir().unwrap();
    let five = "symbol = \"COFFEE\"\nreporters = [\"//Alice\", \"//Alice//stash\", \"//Bob//stash\", \"//Dave//stash\", \"//Eve//stash\"]\n";
    for (from, to, needle) in [
        (
            "quorum = 3\nmove_quorum = 3\nmax_deviation_bps = 1_500",
            "quorum = 1\nmove_quorum = 3\nmax_deviation_bps = 1_500",
            "`oracle.key[2].quorum`: 1: at least 3: with fewer fresh reports a single reporter is the median (or one of its two middle values), so one reporter falling silent would hand another the key",
        ),
        (
            "quorum = 3\nmove_quorum = 3\nmax_deviation_bps = 1_500",
            "quorum = 2\nmove_quorum = 3\nmax_deviation_bps = 1_500",
            "`oracle.key[2].quorum`: 2: at least 3",
        ),
        (
            "quorum = 3\nmove_quorum = 3\nmax_deviation_bps = 1_500",
            "quorum = 4\nmove_quorum = 4\nmax_deviation_bps = 1_500",
            "`oracle.key[2].quorum`: 4 is even: the quorum must be odd (3, 5, …) so that a quorum of fresh reports has one median, which no single reporter is and no two can split",
        ),
        (
            "max_deviation_bps = 1_500",
            "max_deviation_bps = 2_001",
            "`oracle.key[2].max_deviation_bps`: 2001: expected 1 to 2 000 (20 %): within the guard a move needs no more than the quorum, so a looser guard would let the reporters holding the median move the price that far in every anchor window",
        ),
        (
            "max_deviation_bps = 1_500",
            "max_deviation_bps = 0",
            "`oracle.key[2].max_deviation_bps`: 0: expected 1 to 2 000",
        ),
    ] {
        let net = network(dir.path(), |t| t.replace("symbol = \"COFFEE\"\n", five).replace(from, to));
        fails(cli(&net, &["deploy"]), 2, needle);
    }
    // A quorum the key's own reporters cannot reach.
    let net = network(dir.path(), |t| {
        t.replace(
            "symbol = \"COFFEE\"\n",
            "symbol = \"COFFEE\"\nreporters = [\"//Alice\", \"//Alice//stash\"]\n",
        )
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`oracle.key[2].quorum`: 3 is more than the key's 2 reporters: it could never form an answer",
    );
    // The bounds themselves are accepted: a guard of exactly 20 % and a quorum of 5 of 5.
    let net = network(dir.path(), |t| {
        t.replace("symbol = \"COFFEE\"\n", five).replace(
            "quorum = 3\nmove_quorum = 3\nmax_deviation_bps = 1_500",
            "quorum = 5\nmove_quorum = 5\nmax_deviation_bps = 2_000",
        )
    });
    let err = String::from_utf8_lossy(&ok_out(cli(&net, &["deploy"])).stderr).into_owned();
    assert!(
        err.contains("price_oracle.set_key(COFFEE: max age 3600000 ms, quorum 5, move quorum 5, max move 2000 bps, anchor interval 3600000 ms) … ok"),
        "{err}"
    );
}

/// The vault's class rules as it now has them: `overdue_haircut` is gone (an overdue invoice
/// declines linearly over its grace period), the grace period is a day to a year (and needed by
/// invoice and in-transit classes), and a class liquidation limit must let the class's smallest
/// liquidation through; the engine's overall limit may not be 0. Refused before anything is sent.
#[test]
fn class_grace_the_removed_overdue_haircut_and_liquidation_limits_are_checked_before_deploying() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to, needle) in [
        (
            "grace_period_days = 30\n",
            "grace_period_days = 30\noverdue_haircut = \"0.5\"\n",
            "`class[0].overdue_haircut`: no longer a class parameter: an overdue invoice (or a late shipment) is not cut at once; its value declines linearly to 0 over `grace_period_days`",
        ),
        (
            "grace_period_days = 30\n",
            "grace_period_days = 0\n",
            "`class[0].grace_period_days`: 0: expected 1 to 365 days: the value declines linearly to 0 over the grace period, and the vault refuses one shorter than a day (a cliff)",
        ),
        (
            "grace_period_days = 30\n",
            "grace_period_days = 366\n",
            "`class[0].grace_period_days`: 366: expected 1 to 365 days",
        ),
        (
            "grace_period_days = 30\n",
            "",
            "`class[0].grace_period_days`: missing: an invoice class needs the days after the due date over which the value declines linearly to 0 (1 to 365)",
        ),
        (
            "liquidation_limit = \"500_000\"",
            "liquidation_limit = \"0\"",
            "`liquidation_engine.liquidation_limit`: 0: every liquidation would be refused (LiquidationLimit), so no unsafe position could ever be liquidated",
        ),
        (
            "liquidation_limit = \"500_000\"",
            "liquidation_limit = \"lots\"",
            "`liquidation_engine.liquidation_limit`: bad number \"lots\"",
        ),
        (
            "liquidation_limit = \"250_000\"\n# The invoice",
            "liquidation_limit = \"109.99\"\n# The invoice",
            "`class[0].liquidation_limit`: 109.99: below the smallest liquidation of the class (110: its dust and the penalty on it), so none of its unsafe positions could ever be liquidated",
        ),
    ] {
        let net = network(dir.path(), |t| {
            assert!(t.contains(from), "{from:?}");
            t.replacen(from, to, 1)
        });
        fails(cli(&net, &["deploy"]), 2, needle);
    }
    assert!(
        !dir.path().join("manifest.json").exists(),
        "nothing was deployed"
    );
    // The smallest liquidation itself is let through.
    let net = network(dir.path(), |t| {
        t.replacen(
            "liquidation_limit = \"250_000\"\n# The invoice",
            "liquidation_limit = \"110\"\n# The invoice",
            1,
        )
    });
    let err = String::from_utf8_lossy(&ok_out(cli(&net, &["deploy"])).stderr).into_owned();
    assert!(
        err.contains(
            "[62/66] liquidation_engine.set_class_liquidation_limit(invoices: 110.00) … ok"
        ),
        "{err}"
    );
}

/// One reporter alone reports a crash beyond the guard: it is not the median, so nothing moves. A
/// second reporter's matching report makes it the median: the key is suspended (two are fewer
/// than the move quorum, 3), and the vault refuses to lend against it. The third reporter's
/// report confirms the move, which becomes the answer and the new anchor.
#[test]
fn one_reporter_moves_nothing_two_suspend_the_key_and_the_move_quorum_confirms_it() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| t);
    ok(cli(&net, &["deploy"]));
    let story = dir.path().join("spike.toml");
    std::fs::write(
        &story,
        format!(
            r#"title = "A crash, reporter by reporter"
[actors]
{REPORTERS}trader = "//Dave"
warehouse = "//Eve"

[[step]]
action = "post_price"
reporters = ["oracle", "oracle2", "oracle3"]
key = "COFFEE"
price = "2.00"

[[step]]
action = "register_goods"
as = "trader"
name = "lot"
commodity = "COFFEE"
quantity = "20_000"
warehouse = "warehouse"
document = "EVE-WR-SPIKE-1"

[[step]]
action = "confirm"
as = "warehouse"
asset = "lot"

[[step]]
action = "open_position"
as = "trader"
name = "p"
class = "warehouse"

[[step]]
action = "deposit"
as = "trader"
position = "p"
asset = "lot"

# -60 %: beyond the 15 % guard, reported by one of the key's three reporters: not the median.
[[step]]
action = "post_price"
as = "oracle"
key = "COFFEE"
price = "0.80"

[[step]]
action = "borrow"
as = "trader"
position = "p"
amount = "1_000"

# A second reporter: 0.80 is now the median, beyond the guard, with two of the three needed.
[[step]]
action = "post_price"
as = "oracle2"
key = "COFFEE"
price = "0.80"

[[step]]
action = "borrow"
as = "trader"
position = "p"
amount = "100"
expect_error = "Oracle(KeySuspended)"
"#
        ),
    )
    .unwrap();
    let out = ok(cli(&net, &["scenario", story.to_str().unwrap()]));
    for line in [
        "oracle reports COFFEE = 0.8 → answer 2 (unchanged: the report is not the median of the fresh reports) … ok",
        "oracle2 reports COFFEE = 0.8 → COFFEE SUSPENDED (a move beyond the guard needs 3 reporters) … ok",
        "refused as expected: Oracle(KeySuspended)",
    ] {
        assert!(out.contains(line), "{line} in: {out}");
    }
    let s = json(&ok(cli(&net, &["status", "--json"])));
    let coffee = &s["oracle"]["keys"][2];
    assert_eq!(coffee["suspended"], true);
    assert_eq!(num(&coffee["anchor_price_wad"]), 2 * WAD);
    assert_eq!(num(&coffee["latest_price_wad"]), 2 * WAD);
    let st = ok(cli(&net, &["status"]));
    assert!(
        st.contains("| COFFEE | 3 / 3 | 3600 s | 1500 bps | 3600 s | no | YES | 2 | 2 |"),
        "{st}"
    );

    // The third reporter reports the same crash: a move quorum, so it is the answer and anchor.
    let confirm = dir.path().join("confirm.toml");
    std::fs::write(
        &confirm,
        "title = \"Confirmed\"\n[actors]\noracle3 = \"//Bob//stash\"\n\
         [[step]]\naction = \"post_price\"\nas = \"oracle3\"\nkey = \"COFFEE\"\nprice = \"0.80\"\n",
    )
    .unwrap();
    let out = ok(cli(&net, &["scenario", confirm.to_str().unwrap()]));
    assert!(
        out.contains("oracle3 reports COFFEE = 0.8 → answer 0.8 … ok"),
        "{out}"
    );
    let s = json(&ok(cli(&net, &["status", "--json"])));
    let coffee = &s["oracle"]["keys"][2];
    assert_eq!(coffee["suspended"], false);
    assert_eq!(num(&coffee["anchor_price_wad"]), 8 * WAD / 10);
    assert_eq!(num(&coffee["latest_price_wad"]), 8 * WAD / 10);
}

/// A class listing a key the vault could never price (neither an oracle key of the file nor the
/// unit key) is refused with the field's name before anything is sent to the chain.
#[test]
fn a_class_price_key_that_is_neither_an_oracle_key_nor_the_unit_key_is_refused_before_deploying() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        t.replace(
            "price_keys = [\"COFFEE\"]",
            "price_keys = [\"COFFEE\", \"COCOA\"]",
        )
    });
    fails(
        cli(&net, &["deploy"]),
        2,
        "`class[1].price_keys[1]`: \"COCOA\" is neither an `[[oracle.key]]` of this file (USD, EUR, COFFEE) nor the vault's unit_key \"TUSD\"",
    );
    assert!(
        !dir.path().join("manifest.json").exists(),
        "nothing was deployed"
    );
}

/// The vault's new rules as a story: a class takes only the price keys it lists (an invoice in an
/// unlisted currency, goods of an unpriced commodity are refused with `PriceKeyNotAccepted`; an
/// invoice in the unit key needs no price); a pledged shipment arrives through the vault and stays
/// pledged, valued as stored goods; a donation is skimmed into the surplus, whose buffer
/// `withdraw_surplus` keeps; the guardian pauses but only the admin unpauses.
#[test]
fn class_price_keys_arrival_while_pledged_skim_and_admin_only_unpause() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        format!(
            "{t}
[[class]]
name = \"transit\"
kind = \"in_transit\"
liquidation_ratio = \"1.5\"
stability_fee_per_second_ray = \"1000000001547125957863212448\"
liquidation_penalty = \"0.10\"
debt_ceiling = \"1_000_000\"
dust = \"100\"
grace_period_days = 5
goods_haircut = \"0.10\"
auction_start_multiplier = \"1.2\"
auction_duration_hours = 24
price_keys = [\"COFFEE\"]
"
        )
    });
    let err = String::from_utf8_lossy(&ok_out(cli(&net, &["deploy"])).stderr).into_owned();
    assert!(
        err.contains("[57/68] collateral_vault.set_class_price_keys(transit: COFFEE) … ok"),
        "{err}"
    );
    let story = dir.path().join("rules.toml");
    std::fs::write(
        &story,
        r#"title = "Price keys per class, arrival while pledged, skim, pause"
[actors]
admin = "//Alice"         # the deployer: the vault's admin, and a reporter of every key
reporter2 = "//Alice//stash"
reporter3 = "//Bob//stash"
guardian = "//Ferdie"
acme = "//Bob"
buyer = "//Charlie"
trader = "//Dave"
warehouse = "//Eve"       # attester: warehouse and carrier

[[step]]
action = "post_price"
reporters = ["admin", "reporter2", "reporter3"]
key = "COFFEE"
price = "2.00"

# GBP is no currency of the invoice class: refused, whatever its price.
[[step]]
action = "register_invoice"
as = "acme"
name = "gbp"
debtor = "buyer"
currency = "GBP"
face = "5_000"
due_in_days = 60
document = "ACME-GBP-1"

[[step]]
action = "confirm"
as = "buyer"
asset = "gbp"

[[step]]
action = "open_position"
as = "acme"
name = "p"
class = "invoices"

[[step]]
action = "deposit"
as = "acme"
position = "p"
asset = "gbp"
expect_error = "PriceKeyNotAccepted"

# The unit key: face value, no price needed.
[[step]]
action = "register_invoice"
as = "acme"
name = "tusd"
debtor = "buyer"
currency = "TUSD"
face = "3_000"
due_in_days = 60
document = "ACME-TUSD-1"

[[step]]
action = "confirm"
as = "buyer"
asset = "tusd"

[[step]]
action = "deposit"
as = "acme"
position = "p"
asset = "tusd"

[[step]]
action = "borrow"
as = "acme"
position = "p"
amount = "1_000"

# No poison pill: goods of a commodity the class does not price are not collateral.
[[step]]
action = "register_goods"
as = "trader"
name = "cocoa"
commodity = "COCOA"
quantity = "1_000"
warehouse = "warehouse"
document = "EVE-WR-COCOA-1"

[[step]]
action = "confirm"
as = "warehouse"
asset = "cocoa"

[[step]]
action = "open_position"
as = "trader"
name = "stock"
class = "warehouse"

[[step]]
action = "deposit"
as = "trader"
position = "stock"
asset = "cocoa"
expect_error = "PriceKeyNotAccepted"

# A pledged shipment arrives: 9 000 of the 10 000 shipped, attested through the vault.
[[step]]
action = "register_transit"
as = "trader"
name = "ship"
commodity = "COFFEE"
quantity = "10_000"
warehouse = "warehouse"
carrier = "warehouse"
arrival_in_days = 10
document = "EVE-BL-2026-1"

[[step]]
action = "confirm"
as = "warehouse"
asset = "ship"

[[step]]
action = "open_position"
as = "trader"
name = "cargo"
class = "transit"

[[step]]
action = "deposit"
as = "trader"
position = "cargo"
asset = "ship"

[[step]]
action = "attest_arrival"
as = "warehouse"
asset = "ship"
quantity = "9_000"

# A donation to the vault, booked into the surplus by anyone.
[[step]]
action = "transfer"
as = "acme"
to = "vault"
amount = "500"

[[step]]
action = "skim"
as = "buyer"

[[step]]
action = "skim"
as = "buyer"
expect_error = "NothingToSkim"

# 500 of surplus, all of it within the 1 000 buffer.
[[step]]
action = "withdraw_surplus"
as = "admin"
to = "admin"
amount = "1"
expect_error = "InsufficientSurplus"

[[step]]
action = "pause"
as = "guardian"

[[step]]
action = "borrow"
as = "acme"
position = "p"
amount = "100"
expect_error = "Paused"

[[step]]
action = "unpause"
as = "guardian"
expect_error = "NotAdmin"

[[step]]
action = "unpause"
as = "admin"

[[step]]
action = "borrow"
as = "acme"
position = "p"
amount = "100"
"#,
    )
    .unwrap();
    let run = ok_out(cli(&net, &["scenario", story.to_str().unwrap(), "--json"]));
    let out = String::from_utf8_lossy(&run.stderr).into_owned();
    let o = json(&String::from_utf8_lossy(&run.stdout));
    assert!(
        out.contains(
            "acme pledges NFT #1 to position #1 … refused as expected: PriceKeyNotAccepted"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "trader pledges NFT #3 to position #2 … refused as expected: PriceKeyNotAccepted"
        ),
        "{out}"
    );
    assert!(
        out.contains("warehouse attests arrival of NFT #4: 9,000 of 10,000 received (pledged: through the vault, stays pledged) … ok"),
        "{out}"
    );
    assert!(
        out.contains("buyer skims the vault: 500.00 TUSD held beyond the surplus of 0.00 … ok"),
        "{out}"
    );
    assert!(
        out.contains("guardian unpauses the vault … refused as expected: NotAdmin"),
        "{out}"
    );
    assert_eq!(
        (
            o["steps_ok"].as_u64(),
            o["steps_refused_as_expected"].as_u64()
        ),
        (Some(21), Some(6))
    );
    // The shipment is a warehouse receipt now, still pledged: 9 000 × 2.00 × 90 % = 16 200.
    let cargo = o["positions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "cargo")
        .cloned()
        .unwrap();
    assert_eq!(cargo["nfts"], 1);
    assert_eq!(num(&cargo["value_wad"]), 16_200 * WAD);
    // The donation is surplus now (plus the fees accrued meanwhile), kept by the buffer.
    let surplus = num(&o["vault_surplus_wad"]);
    assert!((500 * WAD..501 * WAD).contains(&surplus), "{surplus}");
    let s = json(&ok(cli(&net, &["status", "--json"])));
    assert_eq!(s["classes"][2]["price_keys"], serde_json::json!(["COFFEE"]));
    assert_eq!(s["vault"]["paused"], false);
    assert_eq!(num(&s["vault"]["surplus_buffer_wad"]), 1_000 * WAD);
}

/// MakerDAO's Hole and hole: the debt + penalty being liquidated at once has a limit, overall and
/// per class. A liquidation that would pass it is refused (`LiquidationLimit`, with what it would
/// add and what is in use), and goes through once a sale has brought the use down. Status shows
/// the limits, their use, and each liquidation's share and the vault's liquidation debt.
#[test]
fn liquidation_limits_hold_back_liquidations_and_status_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| {
        t.replace(
            "liquidation_limit = \"250_000\"\n# The commodities",
            "liquidation_limit = \"30_000\"\n# The commodities",
        )
    });
    let err = String::from_utf8_lossy(&ok_out(cli(&net, &["deploy"])).stderr).into_owned();
    assert!(
        err.contains(
            "[63/66] liquidation_engine.set_class_liquidation_limit(warehouse: 30,000.00) … ok"
        ),
        "{err}"
    );
    let lot = |name: &str, owner: &str, quantity: &str, doc: &str, pos: &str, amount: &str| {
        format!(
            r#"
[[step]]
action = "register_goods"
as = "{owner}"
name = "{name}"
commodity = "COFFEE"
quantity = "{quantity}"
warehouse = "warehouse"
document = "{doc}"

[[step]]
action = "confirm"
as = "warehouse"
asset = "{name}"

[[step]]
action = "open_position"
as = "{owner}"
name = "{pos}"
class = "warehouse"

[[step]]
action = "deposit"
as = "{owner}"
position = "{pos}"
asset = "{name}"

[[step]]
action = "borrow"
as = "{owner}"
position = "{pos}"
amount = "{amount}"
"#
        )
    };
    let story = dir.path().join("limits.toml");
    std::fs::write(
        &story,
        format!(
            r#"title = "Two lots fall at once; the class's liquidation limit holds one back"
[actors]
{REPORTERS}trader = "//Dave"
trader2 = "//Dave//lot2"
keeper = "//Keeper"
warehouse = "//Eve"

[[step]]
action = "post_price"
reporters = ["oracle", "oracle2", "oracle3"]
key = "COFFEE"
price = "2.00"
{}{}{}
[[step]]
action = "post_price"
reporters = ["oracle", "oracle2", "oracle3"]
key = "COFFEE"
price = "1.50"

# 23 000 + 2 300: 25 300 of the class's 30 000.
[[step]]
action = "liquidate"
as = "keeper"
position = "p1"

# Another 25 300 would pass it: this one waits.
[[step]]
action = "liquidate"
as = "keeper"
position = "p2"
expect_error = "LiquidationLimit"

# The first lot sells at its start price; its liquidation ends and frees the limit.
[[step]]
action = "take"
as = "keeper"
asset = "lot1"
max_price = "32_400"

[[step]]
action = "liquidate"
as = "keeper"
position = "p2"
"#,
            lot("lot1", "trader", "20_000", "EVE-WR-L-1", "p1", "23_000"),
            lot("lot2", "trader2", "20_000", "EVE-WR-L-2", "p2", "23_000"),
            lot("klot", "keeper", "40_000", "EVE-WR-L-3", "kp", "33_000"),
        ),
    )
    .unwrap();
    let out = ok_out(cli(&net, &["scenario", story.to_str().unwrap(), "--json"]));
    let steps = String::from_utf8_lossy(&out.stderr).into_owned();
    let o = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        (
            o["steps_ok"].as_u64(),
            o["steps_refused_as_expected"].as_u64()
        ),
        (Some(20), Some(1)),
        "{steps}"
    );
    for line in [
        "keeper liquidates position #1 → to raise: debt 23,023.00 + penalty 2,277.00; at auction: #1 from 32,400.00 (reserve 12,960.00); in recovery: none; keeper reward 23.00 TUSD; in liquidation now: 25,300.00 of 500,000.00 overall, 25,300.00 of 30,000.00 in the class … ok",
        "keeper liquidates position #2 (its debt + penalty, 25,300.00, would pass 25,300.00 of 500,000.00 overall, 25,300.00 of 30,000.00 in the class) … refused as expected: LiquidationLimit",
        "keeper buys NFT #1 at auction (price now 32,400.00, limit 32,400.00) … ok",
        "keeper liquidates position #2 → to raise: debt 23,023.00 + penalty 2,277.00; at auction: #2 from 32,400.00 (reserve 12,960.00); in recovery: none; keeper reward 23.00 TUSD; in liquidation now: 25,300.00 of 500,000.00 overall, 25,300.00 of 30,000.00 in the class … ok",
    ] {
        assert!(steps.contains(line), "{line} in: {steps}");
    }
    let s = json(&ok(cli(&net, &["status", "--json"])));
    let e = &s["liquidation_engine"];
    assert_eq!(num(&e["liquidation_limit_wad"]), 500_000 * WAD);
    assert_eq!(num(&e["liquidation_in_use_wad"]), 25_300 * WAD);
    let warehouse = &s["classes"][1];
    assert_eq!(num(&warehouse["liquidation_limit_wad"]), 30_000 * WAD);
    assert_eq!(num(&warehouse["liquidation_in_use_wad"]), 25_300 * WAD);
    assert_eq!(num(&s["classes"][0]["liquidation_in_use_wad"]), 0);
    let liqs = s["liquidations"].as_array().unwrap();
    assert_eq!(liqs.len(), 1, "{s}");
    let l = &liqs[0];
    assert_eq!(
        (&l["position_id"], &l["class_id"]),
        (&Value::from(2), &Value::from(1))
    );
    assert_eq!(num(&l["dirt_wad"]), 25_300 * WAD);
    // The vault's record: the seized debt and the keeper's reward, none of it repaid yet.
    assert_eq!(num(&l["vault_liquidation_debt_wad"]), 23_023 * WAD);
    let st = ok(cli(&net, &["status"]));
    for line in [
        "liquidation limit 500,000.00, in use 25,300.00 (debt + penalty at auction or in recovery)",
        "| - | 30,000.00 (25,300.00) | COFFEE |",
        "| 23,023.00 | 2,277.00 | 23,023.00 | #2 (price 32,400.00, reserve 12,960.00) | - |",
    ] {
        assert!(st.contains(line), "{line} in: {st}");
    }
}

/// The wiring is set once (`set_minter`, `set_custodian`, `set_liquidation_engine`): status says
/// it is final, and sending any of them again — as a re-run against an already wired suite would
/// — is refused by the contract, decoded from the metadata, with what it means and what to do.
#[test]
fn the_wiring_is_final_and_a_second_wiring_call_is_refused_with_the_reason() {
    use scf_deploy::backend::{sandbox::SandboxBackend, Signer};
    use scf_deploy::client::{ink_id, Client};
    use scf_deploy::config::Config;
    use scf_deploy::deploy::explain_set_once;
    use scf_deploy::manifest::Manifest;
    let dir = tempfile::tempdir().unwrap();
    let net = network(dir.path(), |t| t);
    ok(cli(&net, &["deploy"]));
    let s = json(&ok(cli(&net, &["status", "--json"])));
    assert_eq!(s["wiring"]["is_final"], true, "{s}");

    let cfg = Config::load(&net).unwrap();
    let m = Manifest::read(&cfg.manifest_path).unwrap();
    let artifacts = scf_deploy::artifacts::Artifacts::load(&default_dir()).unwrap();
    let mut backend =
        SandboxBackend::open(cfg.sandbox_state.clone(), false, cfg.sandbox_funding).unwrap();
    let mut client = Client {
        backend: &mut backend,
        artifacts: &artifacts,
        addresses: m.addresses(&cfg.manifest_path).unwrap(),
    };
    let deployer = Signer::from_suri("//Alice").unwrap();
    let elsewhere = ink_id(&deployer.address());
    for (contract, label, error, what) in [
        (
            "stablecoin",
            "set_minter",
            "MinterAlreadySet",
            "the stablecoin's minter can be set once",
        ),
        (
            "receivable_registry",
            "set_custodian",
            "CustodianAlreadySet",
            "the registry's custodian can be set once",
        ),
        (
            "collateral_vault",
            "set_liquidation_engine",
            "EngineAlreadySet",
            "the vault's liquidation engine can be set once",
        ),
    ] {
        let e = client
            .exec::<()>(&deployer, contract, label, elsewhere)
            .map_err(explain_set_once)
            .unwrap_err();
        assert_eq!(e.exit_code(), 4, "{e}");
        let text = e.to_string();
        assert!(
            text.starts_with(&format!("{contract}.{label} refused: {error} ({what}")),
            "{text}"
        );
        assert!(
            text.contains("this suite is wired for good — deploy a new one, e.g. with another --salt, rather than re-wiring it)"),
            "{text}"
        );
    }
    // Nothing changed (the refused calls were never persisted either way).
    let s = json(&ok(cli(&net, &["status", "--json"])));
    assert_eq!(s["wiring"]["is_final"], true, "{s}");
    assert_eq!(
        s["stablecoin"]["minter"],
        m.contracts["collateral_vault"].address.as_str()
    );
}

fn ok_out(o: Output) -> Output {
    assert!(o.status.success(), "failed: {}", text(&o));
    o
}

/// `verify` compares the build's code hashes with the manifest's and the chain's: a deployment
/// made from these bundles is verified (exit 0), on the manifest alone and with `--chain`; one
/// whose manifest names other code for a contract or a facet is not (exit 5, the code named).
#[test]
fn verify_compares_the_build_with_the_manifest_and_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    // The network file's explorer goes to the manifest, for the dApp's transaction links.
    let explorer = "https://explorer.example/tx/{hash}";
    let net = network(dir.path(), |t| {
        t.replacen(
            "[network]\n",
            &format!("[network]\nexplorer = \"{explorer}\"\n"),
            1,
        )
    });
    ok(cli(&net, &["deploy"]));
    let m = json(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap());
    assert_eq!(m["explorer"], explorer);
    let out = ok(cli(&net, &["verify", "--no-build"]));
    // 7 contracts, 10 vault facets, 5 engine facets.
    assert!(
        out.contains("verified: the 22 codes of this deployment are the build of this source\n"),
        "{out}"
    );
    let out = ok(cli(&net, &["verify", "--no-build", "--chain"]));
    assert!(out.contains("and the chain runs them"), "{out}");
    let dir_ = default_dir();
    let built = blake2_256(&std::fs::read(dir_.join("price_oracle/price_oracle.wasm")).unwrap());
    let checks = json(&ok(cli(
        &net,
        &["verify", "--no-build", "--chain", "--json"],
    )));
    let oracle = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "price_oracle")
        .unwrap();
    assert_eq!(oracle["built"], format!("0x{}", hex::encode(built)));
    assert_eq!(oracle["manifest"], oracle["built"]);
    assert_eq!(oracle["chain"], oracle["built"]);

    // The manifest names other code for the oracle and for a vault facet.
    let path = dir.path().join("manifest.json");
    let mut m = json(&std::fs::read_to_string(&path).unwrap());
    let other = format!("0x{}", "ab".repeat(32));
    m["contracts"]["price_oracle"]["code_hash"] = Value::String(other.clone());
    m["vault_facets"]["lend"]["code_hash"] = Value::String(other);
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let out = fails(
        cli(&net, &["verify", "--no-build"]),
        5,
        "not verified: 2 code(s)",
    );
    assert!(out.contains("DIFF price_oracle "), "{out}");
    assert!(out.contains("DIFF collateral_vault facet lend "), "{out}");
    assert!(out.contains("NOT verified: 2 of 22 codes differ"), "{out}");
}
