//! `scf-deploy`: deploy / status / scenario for the supply-chain-finance suite.
use clap::{Parser, Subcommand};
use scf_deploy::artifacts::{self, Artifacts};
use scf_deploy::backend::{live::LiveBackend, sandbox::SandboxBackend, Backend, Signer};
use scf_deploy::client::Client;
use scf_deploy::config::Config;
use scf_deploy::manifest::Manifest;
use scf_deploy::{deploy, scenario, score, status, verify, DeployError, Result};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "scf-deploy",
    version,
    about = "Deploy, inspect and exercise the supply-chain-finance contracts",
    long_about = "Deploy, inspect and exercise the supply-chain-finance contracts on the embedded \
                  sandbox chain (default: drink's pallet-contracts runtime in-process, no node) or, \
                  with --url, on any live pallet-contracts node."
)]
struct Cli {
    /// Network file: target, deployer and the suite's parameters.
    #[arg(long, short, default_value = "deploy/networks/sandbox.toml")]
    network: PathBuf,
    /// A live node's WebSocket URL (ws:// or wss://): overrides the network file's target.
    #[arg(long)]
    url: Option<String>,
    /// The signing account's secret URI (e.g. //Alice): overrides the network file's deployer.
    #[arg(long)]
    suri: Option<String>,
    /// Where the compiled bundles are (`<dir>/<name>/<name>.{wasm,json}`).
    #[arg(long)]
    artifacts: Option<PathBuf>,
    /// The manifest to write (deploy) or read (status, scenario).
    #[arg(long)]
    manifest: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Upload and instantiate the seven contracts, wire them, and apply the network file.
    Deploy {
        /// Instantiation salt (hex): change it to deploy a second suite from the same account.
        #[arg(long)]
        salt: Option<String>,
    },
    /// Read the deployment back from the chain: addresses, code hashes, parameters, totals.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Is the deployment this source? Rebuilds the contracts (reproducibly: the same commit gives
    /// the same code hashes in any folder) and compares each contract's and facet's code hash
    /// with the manifest's and, with --chain, with the code the chain runs. Exit status 5 if any
    /// differs.
    Verify {
        /// Compare with the bundles already built instead of rebuilding.
        #[arg(long)]
        no_build: bool,
        /// Also read the code at each address and each router's facets from the chain.
        #[arg(long)]
        chain: bool,
        #[arg(long)]
        json: bool,
    },
    /// The off-chain risk scorer: read each debtor's payment record and concentration, compute
    /// its score (an advance cap; see deploy/src/score.rs for the model) and, for a debtor with a
    /// score key, post it to the oracle as each `--reporter`.
    Score {
        /// A debtor (SS58 or secret URI); default: the manifest's approved debtors.
        #[arg(long = "debtor")]
        debtors: Vec<String>,
        /// A reporter of the score keys (secret URI), once per reporter; none: score, do not post.
        #[arg(long = "reporter")]
        reporters: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Run a scripted financing story against the deployment and print each step's outcome.
    Scenario {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        eprintln!("error: {e}");
        std::process::exit(e.exit_code());
    }
}

fn run(cli: Cli) -> Result<()> {
    let mut cfg = Config::load(&cli.network)?;
    if let Some(m) = &cli.manifest {
        cfg.manifest_path = m.clone();
    }
    let live_url = cli.url.clone().or(cfg.live_url.clone());
    let deployer = Signer::from_suri(cli.suri.as_deref().unwrap_or(&cfg.deployer_suri))?;
    let artifacts_dir = cli.artifacts.clone().unwrap_or_else(artifacts::default_dir);
    if let Command::Verify {
        no_build: false, ..
    } = cli.command
    {
        rebuild()?;
    }
    // Everything local is checked before a chain is touched.
    let artifacts = Artifacts::load(&artifacts_dir)?;
    if let Command::Verify {
        chain: false, json, ..
    } = cli.command
    {
        let m = Manifest::read(&cfg.manifest_path)?;
        return report(verify::compare(&m, &artifacts, None)?, false, json);
    }
    let fresh = matches!(cli.command, Command::Deploy { .. });
    let mut backend: Box<dyn Backend> = match &live_url {
        Some(url) => {
            eprintln!("connecting to {url} …");
            Box::new(LiveBackend::connect(url)?)
        }
        None => Box::new(SandboxBackend::open(
            cfg.sandbox_state.clone(),
            fresh,
            cfg.sandbox_funding,
        )?),
    };
    match cli.command {
        Command::Deploy { salt } => {
            let salt = match salt {
                Some(h) => {
                    hex::decode(h.trim_start_matches("0x")).map_err(|e| DeployError::BadNumber {
                        text: h.clone(),
                        why: format!("salt must be hex: {e}"),
                    })?
                }
                None => backend.now_ms()?.to_le_bytes().to_vec(),
            };
            eprintln!(
                "deploying to {} as {} (artifacts {})",
                backend.target(),
                scf_deploy::backend::ss58(&deployer.address()),
                artifacts.dir.display()
            );
            let m = deploy::run(backend.as_mut(), &cfg, &artifacts, &deployer, salt)?;
            println!("deployed the suite to {} ({}):", m.target, m.chain);
            for (name, c) in &m.contracts {
                println!("  {name:<20} {}  code {}", c.address, c.code_hash);
            }
            for c in &m.classes {
                println!("  class {} {} ({})", c.id, c.name, c.kind);
            }
            println!("manifest: {}", cfg.manifest_path.display());
        }
        Command::Status { json } => {
            let (m, mut client) = deployment(&cfg, backend.as_mut(), &artifacts, false)?;
            let s = status::read(&m, &mut client)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
            } else {
                print!("{}", status::render(&s));
            }
        }
        Command::Verify { json, .. } => {
            let (m, mut client) = deployment(&cfg, backend.as_mut(), &artifacts, false)?;
            return report(
                verify::compare(&m, &artifacts, Some(&mut client))?,
                true,
                json,
            );
        }
        Command::Score {
            debtors,
            reporters,
            json,
        } => {
            let (m, mut client) = deployment(&cfg, backend.as_mut(), &artifacts, true)?;
            let debtors: Vec<_> = if debtors.is_empty() {
                m.debtors
                    .iter()
                    .map(|d| scf_deploy::backend::parse_account(&d.account))
                    .collect::<Result<_>>()?
            } else {
                debtors
                    .iter()
                    .map(|d| scf_deploy::backend::parse_account(d))
                    .collect::<Result<_>>()?
            };
            let reporters: Vec<(String, Signer)> = reporters
                .iter()
                .map(|r| Signer::from_suri(r).map(|s| (r.clone(), s)))
                .collect::<Result<_>>()?;
            let lines = score::run(&mut client, &debtors, &reporters)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&lines).unwrap_or_default()
                );
            } else {
                print!("{}", score::render(&lines));
            }
        }
        Command::Scenario { file, json } => {
            let (m, mut client) = deployment(&cfg, backend.as_mut(), &artifacts, true)?;
            let story = scenario::load(&file)?;
            let outcome = scenario::run(&mut client, &m, &file, &story, json)?;
            let symbol: Option<String> =
                client.query("stablecoin", "PSP22Metadata::token_symbol", ())?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&outcome).unwrap_or_default()
                );
            } else {
                print!(
                    "{}",
                    scenario::render(&outcome, symbol.as_deref().unwrap_or(""))
                );
            }
        }
    }
    Ok(())
}

/// Runs the build script from the repository root (the current directory).
fn rebuild() -> Result<()> {
    let script = PathBuf::from("scripts/build-contracts.sh");
    if !script.is_file() {
        return Err(DeployError::Unsupported {
            what: "rebuilding (run from the repository root, or pass --no-build)".into(),
            target: std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
        });
    }
    eprintln!("rebuilding the contracts (bash {}) …", script.display());
    let status = std::process::Command::new("bash")
        .arg(&script)
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| DeployError::Io {
            path: script.clone(),
            why: e.to_string(),
        })?;
    if !status.success() {
        return Err(DeployError::Io {
            path: script,
            why: format!("the build failed ({status})"),
        });
    }
    Ok(())
}

fn report(checks: Vec<verify::Check>, with_chain: bool, json: bool) -> Result<()> {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&checks).unwrap_or_default()
        );
    } else {
        print!("{}", verify::render(&checks, with_chain));
    }
    match checks.iter().filter(|c| !c.verified).count() {
        0 => Ok(()),
        bad => Err(DeployError::NotVerified { bad }),
    }
}

/// The deployment the network file's manifest names (refused unless every step succeeded, if
/// `complete`), and a client to it.
fn deployment<'a>(
    cfg: &Config,
    backend: &'a mut dyn Backend,
    artifacts: &'a Artifacts,
    complete: bool,
) -> Result<(Manifest, Client<'a>)> {
    let m = Manifest::read(&cfg.manifest_path)?;
    if complete {
        m.require_complete(&cfg.manifest_path)?;
    }
    let addresses = m.addresses(&cfg.manifest_path)?;
    Ok((
        m,
        Client {
            backend,
            artifacts,
            addresses,
        },
    ))
}
