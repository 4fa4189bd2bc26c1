//! Shared tools of the edge tests (`errors_reachable.rs`, `garbage.rs`, `history.rs`): the
//! contracts' metadata read as data — every message with its selector, argument and return types,
//! and every error enum reachable from a message's return type — a SCALE decoder driven by that
//! metadata (so any call's raw output can be checked to decode, and an error named by its variant
//! path, without knowing its Rust type), and raw calls that expose what drink returned.
use crate::chain::{bundles_dir, Chain};
use drink::pallet_contracts::Determinism;
use drink::sandbox_api::prelude::*;
use drink::AccountId32;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The five contracts of the suite, in deployment order.
pub const CONTRACTS: [&str; 5] = [
    "stablecoin",
    "receivable_registry",
    "price_oracle",
    "collateral_vault",
    "liquidation_engine",
];

/// A message as the metadata describes it.
#[derive(Debug, Clone)]
pub struct Message {
    pub label: String,
    pub selector: [u8; 4],
    /// Type ids of the arguments, in order.
    pub args: Vec<u32>,
    /// Type id of `Result<T, LangError>` (ink! wraps every message's return).
    pub ret: u32,
    pub mutates: bool,
}

/// One contract's metadata: its type registry and messages.
pub struct Meta {
    pub name: String,
    types: BTreeMap<u32, Value>,
    pub messages: Vec<Message>,
}

impl Meta {
    /// Loads `<bundles>/<name>/<name>.json`.
    pub fn load(name: &str) -> Meta {
        let path = bundles_dir().join(name).join(format!("{name}.json"));
        let json: Value = serde_json::from_slice(
            &std::fs::read(&path).unwrap_or_else(|e| panic!("metadata {}: {e}", path.display())),
        )
        .expect("metadata is JSON");
        let types = json["types"]
            .as_array()
            .expect("types")
            .iter()
            .map(|t| (t["id"].as_u64().expect("id") as u32, t["type"].clone()))
            .collect();
        let messages = json["spec"]["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .map(|m| {
                let hex = m["selector"]
                    .as_str()
                    .expect("selector")
                    .trim_start_matches("0x");
                let mut selector = [0u8; 4];
                for (i, b) in selector.iter_mut().enumerate() {
                    *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex");
                }
                Message {
                    label: m["label"].as_str().expect("label").to_string(),
                    selector,
                    args: m["args"]
                        .as_array()
                        .expect("args")
                        .iter()
                        .map(|a| a["type"]["type"].as_u64().expect("arg type") as u32)
                        .collect(),
                    ret: m["returnType"]["type"].as_u64().expect("return type") as u32,
                    mutates: m["mutates"].as_bool().unwrap_or(false),
                }
            })
            .collect();
        Meta {
            name: name.to_string(),
            types,
            messages,
        }
    }

    pub fn message(&self, label: &str) -> &Message {
        self.messages
            .iter()
            .find(|m| m.label == label)
            .unwrap_or_else(|| panic!("{} has no message {label:?}", self.name))
    }

    /// The type's definition (`{"composite": ..}`, `{"variant": ..}`, `{"primitive": "u128"}`, ...).
    pub fn type_def(&self, id: u32) -> &Value {
        &self.ty(id)["def"]
    }

    fn ty(&self, id: u32) -> &Value {
        self.types
            .get(&id)
            .unwrap_or_else(|| panic!("{}: no type {id}", self.name))
    }

    /// The type's path joined by `::` (empty for unnamed types).
    pub fn path(&self, id: u32) -> String {
        self.ty(id)["path"]
            .as_array()
            .map(|p| {
                p.iter()
                    .map(|s| s.as_str().unwrap_or("").to_string())
                    .collect::<Vec<_>>()
                    .join("::")
            })
            .unwrap_or_default()
    }

    fn variants(&self, id: u32) -> Option<&Vec<Value>> {
        self.ty(id)["def"]["variant"]["variants"].as_array()
    }

    fn is_result_or_option(&self, id: u32) -> bool {
        let p = self.path(id);
        p == "Result" || p == "Option"
    }

    /// The type parameter `i` of a generic type (e.g. `E` of `Result<T, E>`).
    fn param(&self, id: u32, i: usize) -> Option<u32> {
        self.ty(id)["params"]
            .as_array()?
            .get(i)?
            .get("type")?
            .as_u64()
            .map(|t| t as u32)
    }

    /// The error type of a fallible message: `E` of `Result<Result<T, E>, LangError>`.
    pub fn error_type(&self, msg: &Message) -> Option<u32> {
        let inner = self.param(msg.ret, 0)?;
        if self.path(inner) == "Result" {
            self.param(inner, 1)
        } else {
            None
        }
    }

    /// Every error enum reachable from a message's error type, with its variants: the enum's path
    /// → its variant names. Enums wrapped by a variant (`Vault(VaultError)`) are included.
    pub fn error_enums(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for m in &self.messages {
            if let Some(e) = self.error_type(m) {
                self.walk_enum(e, &mut out, &mut seen);
            }
        }
        out
    }

    fn walk_enum(
        &self,
        id: u32,
        out: &mut BTreeMap<String, BTreeSet<String>>,
        seen: &mut BTreeSet<u32>,
    ) {
        if !seen.insert(id) {
            return;
        }
        let Some(variants) = self.variants(id) else {
            return;
        };
        if self.is_result_or_option(id) {
            return;
        }
        let entry = out.entry(self.path(id)).or_default();
        for v in variants {
            entry.insert(v["name"].as_str().expect("variant name").to_string());
        }
        for v in variants {
            for f in v["fields"].as_array().into_iter().flatten() {
                self.walk_enum(f["type"].as_u64().expect("field type") as u32, out, seen);
            }
        }
    }

    /// Names an error value given by its `Debug` text (`Vault(Oracle(StalePrice))`,
    /// `Custom("NotMinter")`) as the (enum path, variant) pairs it passes through, walking the
    /// metadata from the message's error type. Panics if a name is not a variant of its enum.
    pub fn name_error(&self, msg: &Message, debug: &str) -> Vec<(String, String)> {
        let mut id = self
            .error_type(msg)
            .unwrap_or_else(|| panic!("{}::{} is not fallible", self.name, msg.label));
        let mut out = Vec::new();
        let mut rest = debug.trim();
        loop {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let variants = self
                .variants(id)
                .unwrap_or_else(|| panic!("{}: type {id} is no enum ({debug})", self.name));
            let v = variants
                .iter()
                .find(|v| v["name"].as_str() == Some(name.as_str()))
                .unwrap_or_else(|| {
                    panic!(
                        "{}::{}: {name} is no variant of {}",
                        self.name,
                        msg.label,
                        self.path(id)
                    )
                });
            out.push((self.path(id), name.clone()));
            rest = &rest[name.len()..];
            let field = v["fields"]
                .as_array()
                .and_then(|f| f.first())
                .and_then(|f| f["type"].as_u64())
                .map(|t| t as u32);
            match field {
                Some(f) if rest.starts_with('(') && self.variants(f).is_some() => {
                    id = f;
                    rest = &rest[1..];
                }
                _ => return out,
            }
        }
    }

    /// Decodes one value of type `id` from `input`, checking it is well formed.
    pub fn decode(&self, id: u32, input: &mut &[u8]) -> Result<(), String> {
        let def = &self.ty(id)["def"];
        let take = |input: &mut &[u8], n: usize| -> Result<Vec<u8>, String> {
            if input.len() < n {
                return Err(format!("type {id}: {n} bytes wanted, {} left", input.len()));
            }
            let (a, b) = input.split_at(n);
            *input = b;
            Ok(a.to_vec())
        };
        if let Some(c) = def.get("composite") {
            for f in c["fields"].as_array().into_iter().flatten() {
                self.decode(f["type"].as_u64().unwrap() as u32, input)?;
            }
            Ok(())
        } else if let Some(v) = def.get("variant") {
            let tag = take(input, 1)?[0];
            let variant = v["variants"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|x| x["index"].as_u64() == Some(u64::from(tag)))
                .ok_or(format!("{}: no variant {tag}", self.path(id)))?;
            for f in variant["fields"].as_array().into_iter().flatten() {
                self.decode(f["type"].as_u64().unwrap() as u32, input)?;
            }
            Ok(())
        } else if let Some(s) = def.get("sequence") {
            let n = decode_compact(input)?;
            if n > 1 << 20 {
                return Err(format!("sequence of {n}"));
            }
            for _ in 0..n {
                self.decode(s["type"].as_u64().unwrap() as u32, input)?;
            }
            Ok(())
        } else if let Some(a) = def.get("array") {
            for _ in 0..a["len"].as_u64().unwrap() {
                self.decode(a["type"].as_u64().unwrap() as u32, input)?;
            }
            Ok(())
        } else if let Some(t) = def.get("tuple") {
            for x in t.as_array().into_iter().flatten() {
                self.decode(x.as_u64().unwrap() as u32, input)?;
            }
            Ok(())
        } else if let Some(p) = def.get("primitive") {
            match p.as_str().unwrap() {
                "bool" => match take(input, 1)?[0] {
                    0 | 1 => Ok(()),
                    b => Err(format!("bool {b}")),
                },
                "str" => {
                    let n = decode_compact(input)? as usize;
                    String::from_utf8(take(input, n)?)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }
                "char" => take(input, 4).map(|_| ()),
                "u8" | "i8" => take(input, 1).map(|_| ()),
                "u16" | "i16" => take(input, 2).map(|_| ()),
                "u32" | "i32" => take(input, 4).map(|_| ()),
                "u64" | "i64" => take(input, 8).map(|_| ()),
                "u128" | "i128" => take(input, 16).map(|_| ()),
                "u256" | "i256" => take(input, 32).map(|_| ()),
                other => Err(format!("primitive {other}")),
            }
        } else if def.get("compact").is_some() {
            decode_compact(input).map(|_| ())
        } else {
            Err(format!("type {id}: unsupported {def}"))
        }
    }

    /// The variant names along the first path of an enum value of type `id` in `input`
    /// (`["Vault", "Oracle", "StalePrice"]`), decoding the whole value.
    pub fn variant_path(&self, id: u32, input: &mut &[u8]) -> Result<Vec<String>, String> {
        let Some(variants) = self.variants(id) else {
            self.decode(id, input)?;
            return Ok(Vec::new());
        };
        let tag = *input.first().ok_or("empty")?;
        *input = &input[1..];
        let v = variants
            .iter()
            .find(|x| x["index"].as_u64() == Some(u64::from(tag)))
            .ok_or(format!("{}: no variant {tag}", self.path(id)))?;
        let mut out = vec![v["name"].as_str().unwrap().to_string()];
        for (i, f) in v["fields"].as_array().into_iter().flatten().enumerate() {
            let t = f["type"].as_u64().unwrap() as u32;
            if i == 0 {
                out.extend(self.variant_path(t, input)?);
            } else {
                self.decode(t, input)?;
            }
        }
        Ok(out)
    }
}

pub fn decode_compact(input: &mut &[u8]) -> Result<u64, String> {
    use parity_scale_codec::{Compact, Decode};
    Compact::<u64>::decode(input)
        .map(|c| c.0)
        .map_err(|e| e.to_string())
}

/// What a raw call did, as pallet-contracts reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    /// The contract returned normally with this output.
    Returned(Vec<u8>),
    /// The contract reverted with this output (a refused call: its effects were rolled back).
    Reverted(Vec<u8>),
    /// pallet-contracts refused the call or the contract trapped (`ContractTrapped`, out of gas,
    /// ...): never acceptable for a call the contract could decode or refuse.
    Trapped(String),
}

/// Calls `contract` with raw input `data` as `who`, bypassing the typed client (so a garbage input
/// can be sent after a valid selector).
pub fn raw_call(
    chain: &mut Chain,
    who: &AccountId32,
    contract: &AccountId32,
    data: Vec<u8>,
) -> Raw {
    let gas = <drink::minimal::MinimalSandbox as drink::Sandbox>::default_gas_limit();
    chain.sandbox.reset_events();
    let result = chain.sandbox.call_contract(
        contract.clone(),
        0,
        data,
        who.clone(),
        gas,
        None,
        Determinism::Enforced,
    );
    chain.capture_events();
    match result.result {
        Ok(exec) if exec.did_revert() => Raw::Reverted(exec.data),
        Ok(exec) => Raw::Returned(exec.data),
        Err(e) => Raw::Trapped(format!("{e:?}")),
    }
}

/// The number of contract events (`ContractEmitted`) recorded since the last call began.
pub fn contract_events(chain: &mut Chain) -> usize {
    use drink::minimal::RuntimeEvent;
    chain
        .sandbox
        .events()
        .into_iter()
        .filter(|r| {
            matches!(
                r.event,
                RuntimeEvent::Contracts(drink::pallet_contracts::Event::ContractEmitted { .. })
            )
        })
        .count()
}
