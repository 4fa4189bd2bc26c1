//! Which of the vault's message groups this build compiles (see `Facets`). With no `facet-*`
//! feature every group is compiled: the full contract, whose metadata is the vault's ABI and
//! whose unit tests run off chain. With one, the build is that group's facet, the code the
//! router (`contracts/vault_router`) delegate-calls for those messages.
fn main() {
    const GROUPS: [&str; 8] = [
        "pledge", "lend", "repay", "invoices", "seize", "sale", "admin", "views",
    ];
    println!("cargo::rustc-check-cfg=cfg(vault_full)");
    for g in GROUPS {
        println!("cargo::rustc-check-cfg=cfg(g_{g})");
        println!("cargo::rerun-if-env-changed=CARGO_FEATURE_FACET_{}", g.to_uppercase());
    }
    let chosen: Vec<&str> = GROUPS
        .into_iter()
        .filter(|g| std::env::var_os(format!("CARGO_FEATURE_FACET_{}", g.to_uppercase())).is_some())
        .collect();
    if chosen.is_empty() {
        println!("cargo::rustc-cfg=vault_full");
        for g in GROUPS {
            println!("cargo::rustc-cfg=g_{g}");
        }
    } else {
        for g in chosen {
            println!("cargo::rustc-cfg=g_{g}");
        }
    }
}
