//! A live pallet-contracts node over WebSocket, through subxt. Every state change is dry-run
//! first through the `ContractsApi` runtime API (for the gas limit and to refuse what would revert
//! without paying for it), then submitted, signed, and awaited until finalized.
use super::{is_balance_error, Address, Backend, ExecOutput, Gas, Signer};
use crate::error::{DeployError, Result};
use drink::pallet_contracts::{
    Code, CodeUploadResult, ContractExecResult, ContractInstantiateResult, Determinism,
};
use drink::Weight;
use parity_scale_codec::Encode;
use subxt::backend::legacy::LegacyRpcMethods;
use subxt::backend::rpc::RpcClient;
use subxt::dynamic::{At, Value};
use subxt::{OnlineClient, PolkadotConfig};

type Balance = u128;

pub struct LiveBackend {
    url: String,
    rt: tokio::runtime::Runtime,
    api: OnlineClient<PolkadotConfig>,
    rpc: LegacyRpcMethods<PolkadotConfig>,
}

impl LiveBackend {
    pub fn connect(url: &str) -> Result<Self> {
        let unreachable = |why: String| DeployError::Unreachable {
            url: url.to_string(),
            why,
        };
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| unreachable(format!("cannot start the async runtime: {e}")))?;
        let (api, rpc) = rt.block_on(async {
            let client = tokio::time::timeout(
                std::time::Duration::from_secs(15),
                RpcClient::from_insecure_url(url),
            )
            .await
            .map_err(|_| unreachable("no answer within 15 s".into()))?
            .map_err(|e| unreachable(e.to_string()))?;
            let api = OnlineClient::<PolkadotConfig>::from_rpc_client(client.clone())
                .await
                .map_err(|e| unreachable(format!("connected but cannot read the chain: {e}")))?;
            Ok::<_, DeployError>((api, LegacyRpcMethods::new(client)))
        })?;
        if api.metadata().pallet_by_name("Contracts").is_none() {
            return Err(unreachable(
                "the chain has no Contracts pallet (pallet-contracts)".into(),
            ));
        }
        Ok(LiveBackend {
            url: url.to_string(),
            rt,
            api,
            rpc,
        })
    }

    fn chain_error(&self, what: &str, e: impl std::fmt::Display) -> DeployError {
        DeployError::Dispatch {
            what: what.to_string(),
            why: e.to_string(),
        }
    }

    fn runtime_call<R: parity_scale_codec::Decode>(
        &self,
        function: &str,
        args: Vec<u8>,
    ) -> Result<R> {
        self.rt
            .block_on(async {
                self.api
                    .runtime_api()
                    .at_latest()
                    .await?
                    .call_raw::<R>(function, Some(&args))
                    .await
            })
            .map_err(|e| self.chain_error(function, e))
    }

    fn balance_or(&mut self, who: &Address, what: String, why: String) -> DeployError {
        if is_balance_error(&why) {
            let free = self.free_balance(who).unwrap_or(0);
            DeployError::InsufficientBalance {
                account: super::ss58(who),
                free,
                what: format!("{what} ({why})"),
            }
        } else {
            DeployError::Dispatch { what, why }
        }
    }

    /// Signs, submits and waits for finalization; returns the events of the extrinsic.
    fn submit(
        &mut self,
        signer: &Signer,
        what: &str,
        call: subxt::tx::DynamicPayload,
    ) -> Result<subxt::blocks::ExtrinsicEvents<PolkadotConfig>> {
        let r = self.rt.block_on(async {
            self.api
                .tx()
                .sign_and_submit_then_watch_default(&call, &signer.pair)
                .await?
                .wait_for_finalized_success()
                .await
        });
        r.map_err(|e| self.balance_or(&signer.address(), what.to_string(), e.to_string()))
    }
}

/// The gas limit a submission uses: the dry run's `gas_required` plus half. The dry run executes
/// on the last block, the submission in the next one, and what a message does can depend on the
/// block (e.g. the vault accrues fees only when the timestamp moved), so `gas_required` alone ran
/// out of gas on a dev node. Unused gas is refunded, so the margin costs nothing.
fn gas_limit(required: Weight) -> Value {
    let w = Weight::from_parts(
        required.ref_time().saturating_add(required.ref_time() / 2),
        required
            .proof_size()
            .saturating_add(required.proof_size() / 2),
    );
    Value::named_composite([
        ("ref_time", Value::u128(w.ref_time().into())),
        ("proof_size", Value::u128(w.proof_size().into())),
    ])
}

fn none() -> Value {
    Value::unnamed_variant("None", [])
}

impl Backend for LiveBackend {
    fn chain_name(&mut self) -> Result<String> {
        self.rt
            .block_on(self.rpc.system_chain())
            .map_err(|e| self.chain_error("system_chain", e))
    }

    fn genesis_hash(&mut self) -> Result<Option<String>> {
        Ok(Some(format!(
            "0x{}",
            hex::encode(self.api.genesis_hash().0)
        )))
    }

    fn target(&self) -> String {
        self.url.clone()
    }

    fn free_balance(&mut self, who: &Address) -> Result<u128> {
        let q = subxt::dynamic::storage("System", "Account", vec![Value::from_bytes(who)]);
        let v = self
            .rt
            .block_on(async { self.api.storage().at_latest().await?.fetch(&q).await })
            .map_err(|e| self.chain_error("reading System.Account", e))?;
        let Some(v) = v else { return Ok(0) };
        let v = v
            .to_value()
            .map_err(|e| self.chain_error("decoding System.Account", e))?;
        Ok(v.at("data")
            .at("free")
            .and_then(|f| f.as_u128())
            .unwrap_or(0))
    }

    fn upload(&mut self, signer: &Signer, wasm: &[u8]) -> Result<([u8; 32], Gas)> {
        let who = signer.address();
        let dry: CodeUploadResult<drink::frame_support::sp_runtime::testing::H256, Balance> = self
            .runtime_call(
                "ContractsApi_upload_code",
                (
                    who,
                    wasm.to_vec(),
                    Option::<Balance>::None,
                    Determinism::Enforced,
                )
                    .encode(),
            )?;
        let ok = match dry {
            Ok(ok) => ok,
            Err(e) => {
                return Err(self.balance_or(&who, "upload (dry run)".into(), format!("{e:?}")))
            }
        };
        let call = subxt::dynamic::tx(
            "Contracts",
            "upload_code",
            vec![
                Value::from_bytes(wasm),
                none(),
                Value::unnamed_variant("Enforced", []),
            ],
        );
        self.submit(signer, "upload_code", call)?;
        Ok((
            ok.code_hash.0,
            Gas {
                storage_deposit: ok.deposit as i128,
                ..Gas::default()
            },
        ))
    }

    fn instantiate(
        &mut self,
        signer: &Signer,
        code_hash: [u8; 32],
        data: Vec<u8>,
        salt: Vec<u8>,
    ) -> Result<(Address, Gas)> {
        let who = signer.address();
        let code: Code<drink::frame_support::sp_runtime::testing::H256> =
            Code::Existing(code_hash.into());
        let dry: ContractInstantiateResult<drink::AccountId32, Balance, ()> = self.runtime_call(
            "ContractsApi_instantiate",
            (
                who,
                Balance::default(),
                Option::<Weight>::None,
                Option::<Balance>::None,
                code,
                data.clone(),
                salt.clone(),
            )
                .encode(),
        )?;
        let gas = Gas::measured(dry.gas_consumed, &dry.storage_deposit);
        match dry.result {
            Ok(v) if !v.result.did_revert() => {}
            Ok(v) => {
                return Err(DeployError::Dispatch {
                    what: "instantiate (dry run)".into(),
                    why: format!("constructor reverted: 0x{}", hex::encode(v.result.data)),
                })
            }
            Err(e) => {
                return Err(self.balance_or(&who, "instantiate (dry run)".into(), format!("{e:?}")))
            }
        }
        let call = subxt::dynamic::tx(
            "Contracts",
            "instantiate",
            vec![
                Value::u128(0),
                gas_limit(dry.gas_required),
                none(),
                Value::from_bytes(code_hash),
                Value::from_bytes(&data),
                Value::from_bytes(&salt),
            ],
        );
        let events = self.submit(signer, "instantiate", call)?;
        for ev in events.iter() {
            let ev = ev.map_err(|e| self.chain_error("reading events", e))?;
            if ev.pallet_name() == "Contracts" && ev.variant_name() == "Instantiated" {
                let (_deployer, contract): ([u8; 32], [u8; 32]) =
                    parity_scale_codec::Decode::decode(&mut ev.field_bytes())
                        .map_err(|e| self.chain_error("decoding Instantiated", e))?;
                return Ok((contract, gas));
            }
        }
        Err(self.chain_error("instantiate", "no Contracts.Instantiated event"))
    }

    fn call(&mut self, signer: &Signer, contract: &Address, data: Vec<u8>) -> Result<ExecOutput> {
        let who = signer.address();
        let dry = self.query(&who, contract, data.clone())?;
        if dry.reverted {
            return Ok(dry);
        }
        let call = subxt::dynamic::tx(
            "Contracts",
            "call",
            vec![
                Value::unnamed_variant("Id", [Value::from_bytes(contract)]),
                Value::u128(0),
                gas_limit(dry.gas_required),
                none(),
                Value::from_bytes(&data),
            ],
        );
        self.submit(signer, "call", call)?;
        Ok(dry)
    }

    fn query(&mut self, origin: &Address, contract: &Address, data: Vec<u8>) -> Result<ExecOutput> {
        let r: ContractExecResult<Balance, ()> = self.runtime_call(
            "ContractsApi_call",
            (
                *origin,
                *contract,
                Balance::default(),
                Option::<Weight>::None,
                Option::<Balance>::None,
                data,
            )
                .encode(),
        )?;
        ExecOutput::from_result(r)
            .map_err(|e| self.balance_or(origin, "call (dry run)".into(), format!("{e:?}")))
    }

    fn code_hash_at(&mut self, contract: &Address) -> Result<Option<[u8; 32]>> {
        let q = subxt::dynamic::storage(
            "Contracts",
            "ContractInfoOf",
            vec![Value::from_bytes(contract)],
        );
        let v = self
            .rt
            .block_on(async { self.api.storage().at_latest().await?.fetch(&q).await })
            .map_err(|e| self.chain_error("reading Contracts.ContractInfoOf", e))?;
        let Some(v) = v else { return Ok(None) };
        // ContractInfo starts with `trie_id: BoundedVec<u8>` then `code_hash: H256`.
        let (_trie_id, code_hash): (Vec<u8>, [u8; 32]) =
            parity_scale_codec::Decode::decode(&mut v.encoded())
                .map_err(|e| self.chain_error("decoding ContractInfoOf", e))?;
        Ok(Some(code_hash))
    }

    fn now_ms(&mut self) -> Result<u64> {
        let q = subxt::dynamic::storage("Timestamp", "Now", Vec::<Value>::new());
        let v = self
            .rt
            .block_on(async { self.api.storage().at_latest().await?.fetch(&q).await })
            .map_err(|e| self.chain_error("reading Timestamp.Now", e))?;
        let Some(v) = v else { return Ok(0) };
        let v = v
            .to_value()
            .map_err(|e| self.chain_error("decoding Timestamp.Now", e))?;
        Ok(v.as_u128().unwrap_or(0) as u64)
    }

    fn advance_ms(&mut self, _ms: u64) -> Result<()> {
        Err(DeployError::Unsupported {
            what: "moving the clock".into(),
            target: format!("a live node ({})", self.url),
        })
    }

    fn ensure_funded(&mut self, _who: &Address) -> Result<()> {
        Ok(())
    }

    fn persist(&mut self) -> Result<()> {
        Ok(())
    }
}
