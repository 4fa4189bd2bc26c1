//! Which of the engine's message groups this build compiles (see `Facets`, `FACET_GROUPS`): one
//! group with its `facet-<group>` feature, every group without one.
include!("../interfaces/facet_cfg.rs");

fn main() {
    facet_cfgs(
        "engine_full",
        &["liquidate", "take", "recover", "admin", "views"],
    );
}
