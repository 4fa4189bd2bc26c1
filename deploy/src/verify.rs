//! `scf-deploy verify`: is a deployment this source? The build is reproducible (the same commit
//! gives the same code hashes in any folder, see scripts/build-contracts.sh), so anyone can
//! rebuild and compare: the code hash of each contract and facet the build gives, against what
//! the deployment's manifest records and, with `--chain`, against what the chain runs (the code
//! at each address, and the facets each router names in its `facets()` view).
use crate::artifacts::{Artifacts, Facet, SUITE};
use crate::client::Client;
use crate::error::Result;
use crate::manifest::{FacetEntry, Manifest};
use std::collections::BTreeMap;
use std::fmt::Write;

/// One code the deployment runs: what the build gives, what the manifest and the chain say.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Check {
    /// `price_oracle`, or `collateral_vault facet lend`.
    pub code: String,
    pub built: String,
    pub manifest: Option<String>,
    /// Only with `--chain`.
    pub chain: Option<String>,
    pub verified: bool,
}

fn hex32(h: &[u8; 32]) -> String {
    format!("0x{}", hex::encode(h))
}

fn check(
    code: String,
    built: &[u8; 32],
    manifest: Option<String>,
    chain: Option<Option<String>>,
) -> Check {
    let built = hex32(built);
    let verified = manifest.as_deref() == Some(built.as_str())
        && chain
            .as_ref()
            .map_or(true, |c| c.as_deref() == Some(built.as_str()));
    Check {
        code,
        built,
        manifest,
        chain: chain.flatten(),
        verified,
    }
}

fn facet_checks(
    contract: &str,
    built: &[Facet],
    recorded: &BTreeMap<String, FacetEntry>,
    on_chain: Option<Vec<[u8; 32]>>,
    out: &mut Vec<Check>,
) {
    for (i, f) in built.iter().enumerate() {
        let chain = on_chain.as_ref().map(|hashes| hashes.get(i).map(hex32));
        out.push(check(
            format!("{contract} facet {}", f.group),
            &f.code_hash,
            recorded.get(f.group).map(|e| e.code_hash.clone()),
            chain,
        ));
    }
}

/// Compares the build with the manifest, and with the chain when a client is given.
pub fn compare(
    manifest: &Manifest,
    artifacts: &Artifacts,
    mut chain: Option<&mut Client>,
) -> Result<Vec<Check>> {
    let mut out = Vec::new();
    for name in SUITE {
        let on_chain = match chain.as_deref_mut() {
            Some(client) => {
                let addr = client.addresses.of(name);
                Some(client.backend.code_hash_at(&addr)?.map(|h| hex32(&h)))
            }
            None => None,
        };
        out.push(check(
            name.to_string(),
            &artifacts.get(name).code_hash,
            manifest.contracts.get(name).map(|c| c.code_hash.clone()),
            on_chain,
        ));
    }
    let vault_on_chain = match chain.as_deref_mut() {
        Some(client) => Some(facets_on_chain(
            client,
            "collateral_vault",
            |f: &collateral_vault::Facets| f.hashes().to_vec(),
        )?),
        None => None,
    };
    facet_checks(
        "collateral_vault",
        &artifacts.facets,
        &manifest.vault_facets,
        vault_on_chain,
        &mut out,
    );
    let engine_on_chain = match chain {
        Some(client) => Some(facets_on_chain(
            client,
            "liquidation_engine",
            |f: &liquidation_engine::Facets| f.hashes().to_vec(),
        )?),
        None => None,
    };
    facet_checks(
        "liquidation_engine",
        &artifacts.engine_facets,
        &manifest.engine_facets,
        engine_on_chain,
        &mut out,
    );
    Ok(out)
}

/// The facet hashes a router names on chain (its `facets()` view; none if it names none).
fn facets_on_chain<F: parity_scale_codec::Decode>(
    client: &mut Client,
    contract: &str,
    hashes: impl Fn(&F) -> Vec<ink::primitives::Hash>,
) -> Result<Vec<[u8; 32]>> {
    let facets: Option<F> = client.query(contract, "facets", ())?;
    Ok(facets
        .map(|f| {
            hashes(&f)
                .into_iter()
                .map(|h| {
                    let mut b = [0u8; 32];
                    b.copy_from_slice(h.as_ref());
                    b
                })
                .collect()
        })
        .unwrap_or_default())
}

/// A table, one line per code, and a last line that says whether the deployment is this source.
pub fn render(checks: &[Check], with_chain: bool) -> String {
    let mut s = String::new();
    let short = |h: &Option<String>| match h {
        Some(h) => h.chars().take(18).collect::<String>(),
        None => "none".to_string(),
    };
    for c in checks {
        let _ = write!(
            s,
            "{} {:<32} built {}  manifest {}",
            if c.verified { "ok  " } else { "DIFF" },
            c.code,
            short(&Some(c.built.clone())),
            short(&c.manifest),
        );
        if with_chain {
            let _ = write!(s, "  chain {}", short(&c.chain));
        }
        s.push('\n');
    }
    let bad = checks.iter().filter(|c| !c.verified).count();
    if bad == 0 {
        let _ = writeln!(
            s,
            "verified: the {} codes of this deployment are the build of this source{}",
            checks.len(),
            if with_chain {
                ", and the chain runs them"
            } else {
                ""
            }
        );
    } else {
        let _ = writeln!(s, "NOT verified: {bad} of {} codes differ", checks.len());
    }
    s
}
