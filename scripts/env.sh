# Sourced by the other scripts: where builds and bundles live (outside the clone, so CI and later
# runs reuse compiled dependencies; a cold run still builds everything).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/scf/target}"
export SCF_BUNDLES_DIR="${SCF_BUNDLES_DIR:-$CARGO_TARGET_DIR/ink}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
CONTRACTS="stablecoin receivable_registry price_oracle condition_monitor credit_pricer collateral_vault liquidation_engine"
# Test-only contracts the e2e tests deploy besides the suite.
TEST_CONTRACTS="attacker_oracle"
# The facets of the contracts the chain runs behind a router (each crate's build.rs and
# FACET_GROUPS), each delegate-called by its router.
VAULT_FACETS="pledge lend repay invoices seize sale admin views facts withdraw"
ENGINE_FACETS="liquidate take recover admin views"
