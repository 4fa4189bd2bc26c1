// Included by the build scripts of the contracts the chain runs behind a router
// (`contracts/collateral_vault/build.rs`, `contracts/liquidation_engine/build.rs`).

/// Emits `cfg(g_<group>)` for the groups of messages this build compiles: the one group named by a
/// `facet-<group>` feature (a facet, the code the router delegate-calls for those messages), or,
/// with no such feature, every group and `cfg(<full>)` (the whole contract: its ABI and its unit
/// tests; never deployed).
fn facet_cfgs(full: &str, groups: &[&str]) {
    println!("cargo::rustc-check-cfg=cfg({full})");
    for g in groups {
        println!("cargo::rustc-check-cfg=cfg(g_{g})");
        println!(
            "cargo::rerun-if-env-changed=CARGO_FEATURE_FACET_{}",
            g.to_uppercase()
        );
    }
    let chosen: Vec<&str> = groups
        .iter()
        .copied()
        .filter(|g| std::env::var_os(format!("CARGO_FEATURE_FACET_{}", g.to_uppercase())).is_some())
        .collect();
    if chosen.is_empty() {
        println!("cargo::rustc-cfg={full}");
        for g in groups {
            println!("cargo::rustc-cfg=g_{g}");
        }
    } else {
        for g in chosen {
            println!("cargo::rustc-cfg=g_{g}");
        }
    }
}
