//! The suite under `ink_e2e`'s own client: the design card's end-to-end flows.
//!
//! `ink_e2e::test` would build every contract crate in the dependency tree itself, in debug mode,
//! and could not deploy the vault and the engine as they ship (a router delegating to facets,
//! each a separate code). So the flows build their client by hand, from the bundles that
//! `scripts/build-contracts.sh` made — the code that is deployed — and the suite is deployed by
//! the deploy CLI's own plan (`scf_deploy::deploy::run`, every step a user's deployment takes),
//! sent through the `ink_e2e` client by [`E2eChain`]. The flows then speak `ink_e2e` itself:
//! typed call builders from the contracts' references, `client.call(..).submit()`,
//! `client.call(..).dry_run()`.
//!
//! Two backends, one flow body:
//! - the runtime-only one (`ink_e2e::SandboxClient`, the drink runtime in-process), run by the
//!   test command, with a clock the flows can move ([`ClockSandbox`]);
//! - a live node (`ink_e2e::Client` over subxt) when `SCF_E2E_NODE_URL` names one:
//!   `scripts/live-node.sh --then "bash scripts/e2e-ink-node.sh"`. A node's clock is its own,
//!   so the flows that move time run on the sandbox only.
use ink::env::call::{
    utils::{ReturnType, Set},
    ExecutionInput, Selector,
};
use ink::env::DefaultEnvironment;
use ink_e2e::{ChainBackend, ContractsBackend, E2EBackend, Keypair};
use ink_sandbox::{AccountIdFor, RuntimeMetadataPrefixed, Sandbox, Snapshot};
use parity_scale_codec::{Encode, Output};
use scf_deploy::artifacts::{blake2_256, Artifacts};
use scf_deploy::backend::{Address, Backend, ExecOutput, Gas, Signer};
use scf_deploy::{DeployError, Result};
use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub type Env = DefaultEnvironment;
pub type AccountId = ink::primitives::AccountId;

// ---------------------------------------------------------------------------------------------
// The sandbox's clock
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// The time every block of this thread's [`ClockSandbox`] reads, in ms (0: not yet set).
    static NOW_MS: Cell<u64> = const { Cell::new(0) };
}

/// `ink_e2e`'s default sandbox with a clock the test moves: `SandboxClient` owns its sandbox and
/// offers no way to set the time, so each of this sandbox's executions first sets the timestamp
/// to the thread's clock ([`set_now_ms`]). The client runs on the test's own thread.
#[derive(Default)]
pub struct ClockSandbox(ink_e2e::DefaultSandbox);

type Runtime = <ink_e2e::DefaultSandbox as Sandbox>::Runtime;

pub fn now_ms() -> u64 {
    NOW_MS.with(Cell::get)
}

pub fn set_now_ms(ms: u64) {
    NOW_MS.with(|c| c.set(ms));
}

impl Sandbox for ClockSandbox {
    type Runtime = Runtime;

    fn execute_with<T>(&mut self, execute: impl FnOnce() -> T) -> T {
        let now = now_ms();
        self.0.execute_with(|| {
            if now != 0 && pallet_timestamp_now() != now {
                ink_sandbox::pallet_timestamp::Pallet::<Runtime>::set_timestamp(now);
            }
            execute()
        })
    }

    fn dry_run<T>(&mut self, action: impl FnOnce(&mut Self) -> T) -> T {
        // The inner sandbox's `dry_run` hands its action the inner sandbox, not this one; a
        // snapshot around the action keeps the same promise (nothing it does is kept).
        let before = self.0.take_snapshot();
        let out = action(self);
        self.0.restore_snapshot(before);
        out
    }

    fn register_extension<X: std::any::Any + ink_sandbox::Extension>(&mut self, ext: X) {
        self.0.register_extension(ext)
    }

    fn initialize_block(
        height: ink_sandbox::frame_system::pallet_prelude::BlockNumberFor<Runtime>,
        parent_hash: <Runtime as ink_sandbox::frame_system::Config>::Hash,
    ) {
        ink_e2e::DefaultSandbox::initialize_block(height, parent_hash)
    }

    fn finalize_block(
        height: ink_sandbox::frame_system::pallet_prelude::BlockNumberFor<Runtime>,
    ) -> <Runtime as ink_sandbox::frame_system::Config>::Hash {
        ink_e2e::DefaultSandbox::finalize_block(height)
    }

    fn default_actor() -> AccountIdFor<Runtime> {
        ink_e2e::DefaultSandbox::default_actor()
    }

    fn get_metadata() -> RuntimeMetadataPrefixed {
        ink_e2e::DefaultSandbox::get_metadata()
    }

    fn convert_account_to_origin(
        account: AccountIdFor<Runtime>,
    ) -> <<Runtime as ink_sandbox::frame_system::Config>::RuntimeCall as ink_sandbox::frame_support::sp_runtime::traits::Dispatchable>::RuntimeOrigin{
        ink_e2e::DefaultSandbox::convert_account_to_origin(account)
    }

    fn take_snapshot(&mut self) -> Snapshot {
        self.0.take_snapshot()
    }

    fn restore_snapshot(&mut self, snapshot: Snapshot) {
        self.0.restore_snapshot(snapshot)
    }
}

fn pallet_timestamp_now() -> u64 {
    ink_sandbox::pallet_timestamp::Pallet::<Runtime>::get()
}

/// The runtime-only client the flows run on in CI.
pub type SandboxClient = ink_e2e::SandboxClient<AccountId, ink::primitives::Hash, ClockSandbox>;
/// The live client (`SCF_E2E_NODE_URL`).
pub type NodeClient = ink_e2e::Client<ink_e2e::PolkadotConfig, Env>;

// ---------------------------------------------------------------------------------------------
// The codes the client may upload
// ---------------------------------------------------------------------------------------------

/// `ink_e2e` finds a code by its file's stem; the vault's and the engine's facets share stems
/// (`facet_admin`, `facet_views`), so each code is copied under a name of its own.
pub struct Codes {
    pub dir: PathBuf,
    by_hash: HashMap<[u8; 32], String>,
}

impl Codes {
    /// Every code of the suite found in `artifacts`, copied into `dir`.
    pub fn stage(artifacts: &Artifacts, dir: &Path) -> Result<Codes> {
        let io = |e: std::io::Error| DeployError::Io {
            path: dir.to_path_buf(),
            why: e.to_string(),
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut by_hash = HashMap::new();
        let mut put = |name: String, wasm: &[u8]| -> Result<()> {
            std::fs::write(dir.join(format!("{name}.wasm")), wasm).map_err(io)?;
            by_hash.insert(blake2_256(wasm), name);
            Ok(())
        };
        for name in scf_deploy::artifacts::SUITE {
            put(name.to_string(), &artifacts.get(name).wasm)?;
        }
        for f in &artifacts.facets {
            put(format!("vault_facet_{}", f.group), &f.wasm)?;
        }
        for f in &artifacts.engine_facets {
            put(format!("engine_facet_{}", f.group), &f.wasm)?;
        }
        Ok(Codes {
            dir: dir.to_path_buf(),
            by_hash,
        })
    }

    /// The paths to hand to an `ink_e2e` client.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut v: Vec<_> = self
            .by_hash
            .values()
            .map(|n| self.dir.join(format!("{n}.wasm")))
            .collect();
        v.sort();
        v
    }

    fn name_of(&self, code_hash: &[u8; 32]) -> Result<&str> {
        self.by_hash
            .get(code_hash)
            .map(String::as_str)
            .ok_or_else(|| DeployError::Dispatch {
                what: format!("code 0x{}", hex::encode(code_hash)),
                why: "not one of the suite's codes".into(),
            })
    }
}

// ---------------------------------------------------------------------------------------------
// Raw messages (the deploy plan's): selector + SCALE arguments as the metadata encodes them
// ---------------------------------------------------------------------------------------------

/// Bytes written as they are (already SCALE-encoded arguments).
#[derive(Clone)]
struct Raw(Vec<u8>);

impl Encode for Raw {
    fn size_hint(&self) -> usize {
        self.0.len()
    }
    fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
        dest.write(&self.0)
    }
}

type RawArgs = ink::env::call::utils::ArgumentList<
    ink::env::call::utils::Argument<Raw>,
    ink::env::call::utils::EmptyArgumentList,
>;

fn raw_input(data: &[u8]) -> Result<ExecutionInput<RawArgs>> {
    let selector: [u8; 4] = data
        .get(..4)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| DeployError::Dispatch {
            what: "a message".into(),
            why: "shorter than its selector".into(),
        })?;
    Ok(ExecutionInput::new(Selector::new(selector)).push_arg(Raw(data[4..].to_vec())))
}

fn raw_call(
    contract: &Address,
    data: &[u8],
) -> Result<ink_e2e::CallBuilderFinal<Env, RawArgs, ()>> {
    Ok(ink::env::call::build_call::<Env>()
        .call(AccountId::from(*contract))
        .exec_input(raw_input(data)?)
        .returns::<()>())
}

/// Any contract reference works as the constructor's type: `ink_e2e` only reads the input.
type AnyRef = stablecoin::StablecoinRef;

/// `ink_e2e`'s constructor type (its `CreateBuilderPartial`, not re-exported).
type RawConstructor = ink::env::call::CreateBuilder<
    Env,
    AnyRef,
    ink::env::call::utils::Unset<ink::primitives::Hash>,
    Set<ink::env::call::LimitParamsV2<Env>>,
    ink::env::call::utils::Unset<u128>,
    Set<ExecutionInput<RawArgs>>,
    ink::env::call::utils::Unset<ink::env::call::state::Salt>,
    Set<ReturnType<AnyRef>>,
>;

fn raw_constructor(data: &[u8]) -> Result<RawConstructor> {
    Ok(ink::env::call::build_create::<AnyRef>()
        .exec_input(raw_input(data)?)
        .returns::<AnyRef>())
}

// ---------------------------------------------------------------------------------------------
// The deploy plan's backend, over an ink_e2e client
// ---------------------------------------------------------------------------------------------

/// What the flows need of either client beyond `ink_e2e`'s traits: accounts as raw bytes.
pub trait Accounts: ChainBackend {
    fn account(a: Address) -> Self::AccountId;
}

impl Accounts for SandboxClient {
    fn account(a: Address) -> AccountId {
        AccountId::from(a)
    }
}

impl Accounts for NodeClient {
    fn account(a: Address) -> Self::AccountId {
        AccountId::from(a)
    }
}

/// Either client, with the bounds the flows rely on stated once: errors that print, balances in
/// `u128`, accounts from raw bytes.
pub trait FlowClient:
    E2EBackend<Env>
    + Accounts
    + ContractsBackend<Env, Error = <Self as FlowClient>::ContractsError>
    + ChainBackend<Balance = u128, Error = <Self as FlowClient>::ChainError>
{
    type ContractsError: std::fmt::Debug;
    type ChainError: std::fmt::Debug;
}

impl<T> FlowClient for T
where
    T: E2EBackend<Env> + Accounts + ChainBackend<Balance = u128>,
    <T as ContractsBackend<Env>>::Error: std::fmt::Debug,
    <T as ChainBackend>::Error: std::fmt::Debug,
{
    type ContractsError = <T as ContractsBackend<Env>>::Error;
    type ChainError = <T as ChainBackend>::Error;
}

/// Where the time comes from: the sandbox's clock, or the node's (its blocks carry the wall
/// clock: a dev node seals on each transaction).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Clock {
    Sandbox,
    Node,
}

/// [`scf_deploy::backend::Backend`] over an `ink_e2e` client: the deploy plan's uploads,
/// instantiations, calls and queries become the client's `bare_upload`, `bare_instantiate`,
/// `bare_call_dry_run` + `bare_call`.
pub struct E2eChain<'a, C> {
    pub client: &'a mut C,
    pub rt: &'a tokio::runtime::Runtime,
    pub codes: &'a Codes,
    pub clock: Clock,
    pub target: String,
    /// The key of each account that signs (queries are dry runs by a keypair in `ink_e2e`).
    keys: HashMap<Address, Keypair>,
}

impl<'a, C> E2eChain<'a, C> {
    pub fn new(
        client: &'a mut C,
        rt: &'a tokio::runtime::Runtime,
        codes: &'a Codes,
        clock: Clock,
        target: String,
    ) -> Self {
        E2eChain {
            client,
            rt,
            codes,
            clock,
            target,
            keys: HashMap::new(),
        }
    }

    fn key(&mut self, signer: &Signer) -> Result<Keypair> {
        if let Some(k) = self.keys.get(&signer.address()) {
            return Ok(k.clone());
        }
        let k = keypair(&signer.suri)?;
        self.keys.insert(signer.address(), k.clone());
        Ok(k)
    }
}

impl<C: FlowClient> E2eChain<'_, C> {
    /// The call dry-run: its output, whether it reverted, and the gas it needs.
    fn dry_run(
        &mut self,
        key: &Keypair,
        msg: &ink_e2e::CallBuilderFinal<Env, RawArgs, ()>,
        what: &str,
    ) -> Result<ExecOutput> {
        let dry = self
            .rt
            .block_on(self.client.bare_call_dry_run(key, msg, 0, None))
            .map_err(|e| failed(format!("{what} (dry run)"), e))?;
        let r = &dry.exec_result;
        let v = r.result.as_ref().map_err(|e| failed(what, e))?;
        Ok(ExecOutput {
            reverted: v.did_revert(),
            data: v.data.clone(),
            gas: Gas::measured(r.gas_consumed, &r.storage_deposit),
            gas_required: r.gas_required,
        })
    }
}

/// An `ink_e2e` keypair from a secret URI (`//Alice`, a mnemonic, …).
pub fn keypair(suri: &str) -> Result<Keypair> {
    use std::str::FromStr;
    let bad = |why: String| DeployError::BadSuri {
        suri: suri.into(),
        why,
    };
    let uri = ink_e2e::subxt_signer::SecretUri::from_str(suri).map_err(|e| bad(e.to_string()))?;
    Keypair::from_uri(&uri).map_err(|e| bad(e.to_string()))
}

fn failed(what: impl Into<String>, why: impl std::fmt::Debug) -> DeployError {
    DeployError::Dispatch {
        what: what.into(),
        why: format!("{why:?}"),
    }
}

impl<C: FlowClient> Backend for E2eChain<'_, C> {
    fn chain_name(&mut self) -> Result<String> {
        Ok(match self.clock {
            Clock::Sandbox => "ink_e2e sandbox".into(),
            Clock::Node => "ink_e2e node".into(),
        })
    }

    fn genesis_hash(&mut self) -> Result<Option<String>> {
        Ok(None)
    }

    fn target(&self) -> String {
        self.target.clone()
    }

    fn free_balance(&mut self, who: &Address) -> Result<u128> {
        let fut = self.client.free_balance(C::account(*who));
        self.rt.block_on(fut).map_err(|e| failed("free_balance", e))
    }

    fn upload(&mut self, signer: &Signer, wasm: &[u8]) -> Result<([u8; 32], Gas)> {
        let key = self.key(signer)?;
        let name = self.codes.name_of(&blake2_256(wasm))?.to_string();
        let fut = self.client.bare_upload(&name, &key, None);
        let up = self
            .rt
            .block_on(fut)
            .map_err(|e| failed(format!("upload {name}"), e))?;
        Ok((up.code_hash.into(), Gas::default()))
    }

    fn instantiate(
        &mut self,
        signer: &Signer,
        code_hash: [u8; 32],
        data: Vec<u8>,
        _salt: Vec<u8>,
    ) -> Result<(Address, Gas)> {
        // `ink_e2e` instantiates by code (instantiate_with_code: the chain keeps one copy) with
        // a salt of its own, so two deployments on one chain never collide.
        let key = self.key(signer)?;
        let name = self.codes.name_of(&code_hash)?.to_string();
        let mut ctor = raw_constructor(&data)?;
        let dry = self
            .rt
            .block_on(
                self.client
                    .bare_instantiate_dry_run(&name, &key, &mut ctor, 0, None),
            )
            .map_err(|e| failed(format!("instantiate {name} (dry run)"), e))?;
        let ret = dry
            .contract_result
            .result
            .as_ref()
            .map_err(|e| failed(format!("instantiate {name}"), e))?;
        if ret.result.did_revert() {
            return Err(failed(
                format!("instantiate {name}"),
                format!("reverted: 0x{}", hex::encode(&ret.result.data)),
            ));
        }
        let gas_required = dry.contract_result.gas_required;
        let gas = Gas::measured(
            dry.contract_result.gas_consumed,
            &dry.contract_result.storage_deposit,
        );
        let done = self
            .rt
            .block_on(
                self.client
                    .bare_instantiate(&name, &key, &mut ctor, 0, gas_required, None),
            )
            .map_err(|e| failed(format!("instantiate {name}"), e))?;
        Ok((*AsRef::<[u8; 32]>::as_ref(&done.account_id), gas))
    }

    fn call(&mut self, signer: &Signer, contract: &Address, data: Vec<u8>) -> Result<ExecOutput> {
        let key = self.key(signer)?;
        let msg = raw_call(contract, &data)?;
        let out = self.dry_run(&key, &msg, "call")?;
        if !out.reverted {
            self.rt
                .block_on(self.client.bare_call(&key, &msg, 0, out.gas_required, None))
                .map_err(|e| failed("call", e))?;
        }
        Ok(out)
    }

    fn query(&mut self, origin: &Address, contract: &Address, data: Vec<u8>) -> Result<ExecOutput> {
        // A dry run needs a keypair in `ink_e2e`: the origin's if it signed before, else Alice's
        // (the suite's views do not depend on who asks).
        let key = self
            .keys
            .get(origin)
            .cloned()
            .unwrap_or_else(ink_e2e::alice);
        let msg = raw_call(contract, &data)?;
        self.dry_run(&key, &msg, "query")
    }

    fn code_hash_at(&mut self, _contract: &Address) -> Result<Option<[u8; 32]>> {
        Err(DeployError::Unsupported {
            what: "reading a contract's code hash".into(),
            target: "an ink_e2e client".into(),
        })
    }

    fn now_ms(&mut self) -> Result<u64> {
        Ok(match self.clock {
            Clock::Sandbox => now_ms(),
            Clock::Node => wall_clock_ms(),
        })
    }

    fn advance_ms(&mut self, ms: u64) -> Result<()> {
        match self.clock {
            Clock::Sandbox => {
                let later = now_ms()
                    .checked_add(ms)
                    .ok_or_else(|| DeployError::Unsupported {
                        what: format!("advancing the clock by {ms} ms"),
                        target: "the sandbox (u64 overflow)".into(),
                    })?;
                set_now_ms(later);
                Ok(())
            }
            Clock::Node => Err(DeployError::Unsupported {
                what: "moving the clock".into(),
                target: "a live node".into(),
            }),
        }
    }

    fn ensure_funded(&mut self, who: &Address) -> Result<()> {
        // The client funds the dev accounts (a dev node: their stashes too); anyone else with
        // less than MIN gets a tenth of Alice's balance, enough for its storage deposits.
        const MIN: u128 = 1_000_000_000_000;
        if self.free_balance(who)? >= MIN {
            return Ok(());
        }
        let alice = ink_e2e::alice();
        let amount = self.free_balance(&alice.public_key().0)? / 10;
        let dest = ink_e2e::subxt::dynamic::Value::unnamed_variant(
            "Id",
            [ink_e2e::subxt::dynamic::Value::from_bytes(who)],
        );
        let fut = self.client.runtime_call(
            &alice,
            "Balances",
            "transfer_allow_death",
            vec![dest, ink_e2e::subxt::dynamic::Value::u128(amount)],
        );
        self.rt
            .block_on(fut)
            .map(|_| ())
            .map_err(|e| failed("funding an account", e))
    }

    fn persist(&mut self) -> Result<()> {
        Ok(())
    }
}

pub fn wall_clock_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}
