//! Which of the vault's message groups this build compiles (see `Facets`, `FACET_GROUPS`): one
//! group with its `facet-<group>` feature, every group without one.
include!("../interfaces/facet_cfg.rs");

fn main() {
    facet_cfgs(
        "vault_full",
        &[
            "pledge", "lend", "repay", "invoices", "seize", "sale", "admin", "views", "facts",
            "withdraw",
        ],
    );
}
