//! The whole suite deployed and wired in the sandbox, with named actors and story-level helpers.
use crate::chain::{ink_id, Chain};
use collateral_vault::{Books, Class, ClassId, ClassParams, Position, PositionId, VaultError};
use drink::AccountId32;
use liquidation_engine::{Auction, EngineError, Liquidation, Recovery};
use primitive_types::U256;
use scf_interfaces::{
    price_key, token_id, Asset, AssetId, AssetKind, AssetKindCode, GoodsTerms, InvoiceTerms,
    OracleError, PSP22Error, PSP34Error, PaymentRecord, PriceData, PriceKey, Ray, RegistryError,
    Wad, MS_PER_DAY, RAY, WAD,
};

pub const USD: PriceKey = price_key("USD");
pub const COFFEE: PriceKey = price_key("COFFEE");
/// The stablecoin's own unit: the vault's `unit_key`. Invoices in it are worth their face value
/// and settle 1:1, with no price.
pub const TUSD: PriceKey = price_key("TUSD");
/// Foreign currencies priced by the oracle: 1.08 and 3.25 stablecoin per unit.
pub const EUR: PriceKey = price_key("EUR");
pub const KWD: PriceKey = price_key("KWD");
pub const EUR_PRICE: u128 = 1_080_000_000_000_000_000;
pub const KWD_PRICE: u128 = 3_250_000_000_000_000_000;
/// Every key the suite posts at deploy and `advance` refreshes.
pub const KEYS: [PriceKey; 4] = [USD, COFFEE, EUR, KWD];
/// The keys the suite's invoice classes accept: the currencies, and the stablecoin's own unit.
pub const INVOICE_KEYS: [PriceKey; 4] = [USD, EUR, KWD, TUSD];
/// The keys the suite's goods classes accept (COCOA and TEA are configured by the tests that use
/// them).
pub const GOODS_KEYS: [PriceKey; 3] = [COFFEE, price_key("COCOA"), price_key("TEA")];
/// One hour: the oracle's max age for every key.
pub const MAX_AGE_MS: u64 = 3_600_000;
/// The oracle's deviation guard compares with the answer as it stood up to an hour ago.
pub const ANCHOR_INTERVAL_MS: u64 = 3_600_000;
/// The oracle's deviation guard: 20 % (the loosest the oracle accepts).
pub const GUARD_BPS: u32 = 2_000;
/// 5 %/year compounded per second (MakerDAO's "5% duty").
pub const FEE_5PCT: u128 = 1_000_000_001_547_125_957_863_212_448;
pub const INVOICE_CLASS: ClassId = 0;
pub const GOODS_CLASS: ClassId = 1;

pub fn wad(units: u128) -> u128 {
    units * WAD
}

/// The invoice class of the examples: 150 % ratio, 5 %/year fee, 10 % penalty, 10 %/year discount,
/// 30 days of grace over which an overdue invoice's value declines to 0, a 50 000 per-debtor limit.
pub fn invoice_class() -> ClassParams {
    ClassParams {
        kind: AssetKindCode::Invoice,
        liquidation_ratio: Wad(WAD / 2 * 3),
        stability_fee_per_second: Ray(FEE_5PCT),
        liquidation_penalty: Wad(WAD / 10),
        debt_ceiling_wad: wad(1_000_000),
        dust_wad: wad(100),
        debtor_limit_wad: wad(50_000),
        discount_rate_annual: Wad(WAD / 10),
        grace_period_ms: 30 * MS_PER_DAY,
        goods_haircut: Wad(0),
        auction_start_multiplier: Wad(WAD / 5 * 6),
        auction_duration_ms: MS_PER_DAY,
    }
}

/// The warehouse-receipt class: 150 % ratio, 5 %/year fee, 10 % penalty, 10 % goods haircut.
pub fn goods_class() -> ClassParams {
    ClassParams {
        kind: AssetKindCode::WarehouseReceipt,
        goods_haircut: Wad(WAD / 10),
        debtor_limit_wad: 0,
        ..invoice_class()
    }
}

pub struct Suite {
    pub chain: Chain,
    pub admin: AccountId32,
    pub guardian: AccountId32,
    pub reporter: AccountId32,
    pub reporter2: AccountId32,
    pub reporter3: AccountId32,
    pub warehouse: AccountId32,
    /// Holds the vault's underwriter role (granted by the admin at deploy).
    pub underwriter: AccountId32,
    pub stable: AccountId32,
    pub registry: AccountId32,
    pub oracle: AccountId32,
    pub vault: AccountId32,
    pub engine: AccountId32,
    /// The condition monitor (the vault's, fixed at its construction; no class has a policy until
    /// a test sets one).
    pub monitor: AccountId32,
    /// The credit pricer (the vault's, fixed at its construction; the admin is its admin and risk
    /// desk; no class has a grade table until a test sets one).
    pub pricer: AccountId32,
    next_doc: u8,
}

impl Default for Suite {
    fn default() -> Self {
        Self::deploy()
    }
}

impl Suite {
    /// Deploys the seven contracts (with the condition monitor and the credit pricer) (the vault's unit key is TUSD), wires minter / custodian /
    /// oracle / liquidation engine, configures the USD, COFFEE, EUR and KWD keys (3 reporters,
    /// quorum 3 and move quorum 3, 1 h max age, a 20 % guard) at 1.00, 2.00, 1.08 and 3.25,
    /// grants the underwriter role, and adds the invoice class (0) and the warehouse-receipt
    /// class (1). No debtor is approved.
    pub fn deploy() -> Suite {
        let mut chain = Chain::new();
        let admin = chain.actor.clone();
        let [guardian, reporter, reporter2, warehouse, underwriter, reporter3] =
            [9, 10, 11, 12, 13, 14].map(Chain::account);
        for a in [
            &guardian,
            &reporter,
            &reporter2,
            &warehouse,
            &underwriter,
            &reporter3,
        ] {
            chain.fund(a);
        }
        let oracle = chain.deploy("price_oracle", "new", (), vec![]);
        let registry = chain.deploy("receivable_registry", "new", (), vec![]);
        let monitor = chain.deploy("condition_monitor", "new", ink_id(&registry), vec![]);
        let pricer = chain.deploy(
            "credit_pricer",
            "new",
            (ink_id(&registry), ink_id(&oracle)),
            vec![],
        );
        let stable = chain.deploy(
            "stablecoin",
            "new",
            (
                Some("Trade Dollar".to_string()),
                Some("TUSD".to_string()),
                ink_id(&admin),
            ),
            vec![],
        );
        let facets = chain.vault_facets();
        let vault = chain.deploy(
            "collateral_vault",
            "new",
            (
                ink_id(&stable),
                ink_id(&registry),
                ink_id(&oracle),
                ink_id(&guardian),
                wad(10_000_000),
                TUSD,
                facets,
                collateral_vault::DataSources {
                    condition_monitor: Some(ink_id(&monitor)),
                    credit_pricer: Some(ink_id(&pricer)),
                },
            ),
            vec![],
        );
        let engine_facets = chain.engine_facets();
        let engine = chain.deploy(
            "liquidation_engine",
            "new",
            (ink_id(&vault), ink_id(&stable), engine_facets),
            vec![],
        );
        let ok = |r: Result<(), String>| r.expect("wiring");
        ok(chain
            .call::<_, Result<(), VaultError>>(&vault, "set_liquidation_engine", ink_id(&engine))
            .map_err(|e| format!("{e:?}")));
        ok(chain
            .call::<_, Result<(), stablecoin::StablecoinError>>(
                &stable,
                "set_minter",
                ink_id(&vault),
            )
            .map_err(|e| format!("{e:?}")));
        ok(chain
            .call::<_, Result<(), RegistryError>>(&registry, "set_custodian", ink_id(&vault))
            .map_err(|e| format!("{e:?}")));
        ok(chain
            .call::<_, Result<(), RegistryError>>(&registry, "grant_attester", ink_id(&warehouse))
            .map_err(|e| format!("{e:?}")));
        ok(chain
            .call::<_, Result<(), VaultError>>(&vault, "grant_underwriter", ink_id(&underwriter))
            .map_err(|e| format!("{e:?}")));
        for key in KEYS {
            ok(chain
                .call::<_, Result<(), OracleError>>(
                    &oracle,
                    "set_key",
                    (key, MAX_AGE_MS, 3u8, GUARD_BPS, ANCHOR_INTERVAL_MS, 3u8),
                )
                .map_err(|e| format!("{e:?}")));
            for r in [&reporter, &reporter2, &reporter3] {
                ok(chain
                    .call::<_, Result<(), OracleError>>(&oracle, "add_reporter", (key, ink_id(r)))
                    .map_err(|e| format!("{e:?}")));
            }
        }
        let mut suite = Suite {
            chain,
            admin,
            guardian,
            reporter,
            reporter2,
            reporter3,
            warehouse,
            underwriter,
            stable,
            registry,
            oracle,
            vault,
            engine,
            monitor,
            pricer,
            next_doc: 1,
        };
        assert_eq!(suite.add_class(invoice_class()), Ok(INVOICE_CLASS));
        assert_eq!(suite.add_class(goods_class()), Ok(GOODS_CLASS));
        suite.post_price(USD, WAD).expect("USD price");
        suite.post_price(COFFEE, wad(2)).expect("COFFEE price");
        suite.post_price(EUR, EUR_PRICE).expect("EUR price");
        suite.post_price(KWD, KWD_PRICE).expect("KWD price");
        suite
    }

    /// A funded fresh account.
    pub fn actor(&mut self, n: u8) -> AccountId32 {
        let a = Chain::account(n);
        self.chain.fund(&a);
        a
    }

    /// Adds a class and lists the price keys it accepts: the invoice currencies (and the unit
    /// key) for invoices, the commodities for goods.
    pub fn add_class(&mut self, params: ClassParams) -> Result<ClassId, VaultError> {
        let admin = self.admin.clone();
        let keys = match params.kind {
            AssetKindCode::Invoice => INVOICE_KEYS.to_vec(),
            _ => GOODS_KEYS.to_vec(),
        };
        let id = self.chain.call_as::<_, Result<ClassId, VaultError>>(
            &admin,
            &self.vault.clone(),
            "add_class",
            params,
        )?;
        self.chain.call_as::<_, Result<(), VaultError>>(
            &admin,
            &self.vault.clone(),
            "set_class_price_keys",
            (id, keys),
        )?;
        Ok(id)
    }

    // ── oracle ──

    /// All three reporters submit `price_wad`: the answer (quorum 3), even for a move beyond the
    /// guard (move quorum 3: a market that really moved).
    pub fn post_price(&mut self, key: PriceKey, price_wad: u128) -> Result<(), OracleError> {
        for r in self.reporters() {
            self.submit_as(&r, key, price_wad)?;
        }
        Ok(())
    }

    /// The same as `post_price`: every reporter, so a move quorum.
    pub fn post_price_by_quorum(
        &mut self,
        key: PriceKey,
        price_wad: u128,
    ) -> Result<(), OracleError> {
        self.post_price(key, price_wad)
    }

    /// One reporter's submission alone (one of three: never the answer on its own).
    pub fn submit_as(
        &mut self,
        reporter: &AccountId32,
        key: PriceKey,
        price_wad: u128,
    ) -> Result<(), OracleError> {
        let o = self.oracle.clone();
        self.chain.call_as(reporter, &o, "submit", (key, price_wad))
    }

    /// The suite's three reporters of every key.
    pub fn reporters(&self) -> [AccountId32; 3] {
        [
            self.reporter.clone(),
            self.reporter2.clone(),
            self.reporter3.clone(),
        ]
    }

    /// Moves the clock and has the reporter re-post each key's latest answer, as a keeper would,
    /// so prices stay fresh. (Use `chain.advance_ms` to let them go stale.)
    pub fn advance(&mut self, ms: u64) {
        self.chain.advance_ms(ms);
        let o = self.oracle.clone();
        for key in KEYS {
            let last: Option<PriceData> = self.chain.call(&o, "latest_answer", key);
            if let Some(p) = last {
                self.post_price(key, p.price_wad).expect("refresh price");
            }
        }
    }

    pub fn price(&mut self, key: PriceKey) -> Result<PriceData, OracleError> {
        let o = self.oracle.clone();
        self.chain.call(&o, "PriceFeed::price", key)
    }

    // ── registry ──

    pub fn doc(&mut self) -> [u8; 32] {
        self.next_doc = self.next_doc.wrapping_add(1);
        [self.next_doc; 32]
    }

    /// An invoice in USD (priced by the oracle at 1.00).
    pub fn invoice_terms(
        &mut self,
        debtor: &AccountId32,
        face_wad: u128,
        due_in_ms: u64,
    ) -> AssetKind {
        self.invoice_terms_in(debtor, face_wad, due_in_ms, USD)
    }

    /// An invoice in `currency`, with a fresh document hash.
    pub fn invoice_terms_in(
        &mut self,
        debtor: &AccountId32,
        face_wad: u128,
        due_in_ms: u64,
        currency: PriceKey,
    ) -> AssetKind {
        let now = self.chain.now_ms();
        AssetKind::Invoice(InvoiceTerms {
            face_value_wad: face_wad,
            currency,
            debtor: ink_id(debtor),
            issue_date_ms: now,
            due_date_ms: now + due_in_ms,
            document_hash: self.doc(),
        })
    }

    pub fn register(
        &mut self,
        supplier: &AccountId32,
        kind: AssetKind,
    ) -> Result<AssetId, RegistryError> {
        let r = self.registry.clone();
        self.chain.call_as(supplier, &r, "register", kind)
    }

    /// `who` (the named confirmer) confirms asset `id`, its records saying `originator` and
    /// `amount_wad` (an invoice's face value, goods' quantity) and the other terms as
    /// registered (for tests of those two terms; `confirm_terms` binds a whole record).
    pub fn confirm(
        &mut self,
        who: &AccountId32,
        id: AssetId,
        originator: &AccountId32,
        amount_wad: u128,
    ) -> Result<(), RegistryError> {
        let mut kind = match self.try_asset(id) {
            Some(asset) => asset.kind,
            None => self.invoice_terms(who, amount_wad, 1),
        };
        match &mut kind {
            AssetKind::Invoice(t) => t.face_value_wad = amount_wad,
            AssetKind::WarehouseReceipt(t) => t.quantity_wad = amount_wad,
            AssetKind::InTransit(t) => t.quantity_wad = amount_wad,
        }
        self.confirm_terms(who, id, originator, &kind)
    }

    /// `who` confirms asset `id` with the terms of its own records (`kind`, registered by
    /// `originator`).
    pub fn confirm_terms(
        &mut self,
        who: &AccountId32,
        id: AssetId,
        originator: &AccountId32,
        kind: &AssetKind,
    ) -> Result<(), RegistryError> {
        let r = self.registry.clone();
        let hash = scf_interfaces::terms_hash(&ink_id(originator), kind);
        self.chain.call_as(who, &r, "confirm", (id, hash))
    }

    /// The named confirmer rejects a pending registration (burns it).
    pub fn reject(&mut self, who: &AccountId32, id: AssetId) -> Result<(), RegistryError> {
        let r = self.registry.clone();
        self.chain.call_as(who, &r, "reject", id)
    }

    /// `who` calls the registry's message `label` with `args`.
    pub fn registry_as<A: parity_scale_codec::Encode, R: parity_scale_codec::Decode>(
        &mut self,
        who: &AccountId32,
        label: &str,
        args: A,
    ) -> R {
        let r = self.registry.clone();
        self.chain.call_as(who, &r, label, args)
    }

    /// The debtor marks an unpledged invoice paid outside the vault.
    pub fn mark_paid(&mut self, who: &AccountId32, id: AssetId) -> Result<(), RegistryError> {
        let r = self.registry.clone();
        self.chain.call_as(who, &r, "mark_paid", id)
    }

    pub fn payment_record(&mut self, debtor: &AccountId32) -> PaymentRecord {
        let r = self.registry.clone();
        self.chain
            .call(&r, "ReceivableRegistry::payment_record", ink_id(debtor))
    }

    /// Registers an invoice of `face_wad` (USD) due in `due_in_ms` and has the debtor confirm
    /// it. The debtor is not approved here: tests approve the debtors they finance.
    pub fn confirmed_invoice(
        &mut self,
        supplier: &AccountId32,
        debtor: &AccountId32,
        face_wad: u128,
        due_in_ms: u64,
    ) -> AssetId {
        let kind = self.invoice_terms(debtor, face_wad, due_in_ms);
        self.confirmed(supplier, debtor, kind)
    }

    /// Registers `kind` (an invoice owed by `debtor`) and has the debtor confirm it.
    pub fn confirmed(
        &mut self,
        supplier: &AccountId32,
        debtor: &AccountId32,
        kind: AssetKind,
    ) -> AssetId {
        let face = match &kind {
            AssetKind::Invoice(t) => t.face_value_wad,
            _ => panic!("an invoice"),
        };
        let id = self.register(supplier, kind).expect("register invoice");
        self.confirm(debtor, id, supplier, face)
            .expect("debtor confirms");
        id
    }

    /// Registers a warehouse receipt for `quantity_wad` of coffee, attested by the warehouse.
    pub fn confirmed_coffee(&mut self, supplier: &AccountId32, quantity_wad: u128) -> AssetId {
        self.confirmed_goods(supplier, COFFEE, quantity_wad)
    }

    /// Registers a warehouse receipt for `quantity_wad` of `commodity`, attested by the warehouse.
    pub fn confirmed_goods(
        &mut self,
        supplier: &AccountId32,
        commodity: PriceKey,
        quantity_wad: u128,
    ) -> AssetId {
        let kind = AssetKind::WarehouseReceipt(GoodsTerms {
            commodity,
            quantity_wad,
            warehouse: ink_id(&self.warehouse),
            document_hash: self.doc(),
        });
        let id = self.register(supplier, kind).expect("register receipt");
        let w = self.warehouse.clone();
        self.confirm(&w, id, supplier, quantity_wad)
            .expect("warehouse attests");
        id
    }

    /// The admin grants (or revokes) the attester role.
    pub fn set_attester(&mut self, who: &AccountId32, granted: bool) {
        let (a, r) = (self.admin.clone(), self.registry.clone());
        let label = if granted {
            "grant_attester"
        } else {
            "revoke_attester"
        };
        self.chain
            .call_as::<_, Result<(), RegistryError>>(&a, &r, label, ink_id(who))
            .expect("admin sets the attester role");
    }

    pub fn asset(&mut self, id: AssetId) -> Asset {
        let r = self.registry.clone();
        self.chain
            .call::<_, Option<Asset>>(&r, "ReceivableRegistry::asset", id)
            .expect("asset exists")
    }

    /// The asset, or None once it was rejected (burned).
    pub fn try_asset(&mut self, id: AssetId) -> Option<Asset> {
        let r = self.registry.clone();
        self.chain.call(&r, "ReceivableRegistry::asset", id)
    }

    pub fn nft_owner(&mut self, id: AssetId) -> Option<AccountId32> {
        let r = self.registry.clone();
        self.chain
            .call::<_, Option<ink::primitives::AccountId>>(&r, "PSP34::owner_of", token_id(id))
            .map(|a| AccountId32::new(*AsRef::<[u8; 32]>::as_ref(&a)))
    }

    pub fn approve_nft(&mut self, owner: &AccountId32, id: AssetId) -> Result<(), PSP34Error> {
        let (r, v) = (self.registry.clone(), ink_id(&self.vault));
        self.chain
            .call_as(owner, &r, "PSP34::approve", (v, Some(token_id(id)), true))
    }

    // ── stablecoin ──

    pub fn balance(&mut self, who: &AccountId32) -> u128 {
        let s = self.stable.clone();
        self.chain.call(&s, "PSP22::balance_of", ink_id(who))
    }

    pub fn supply(&mut self) -> u128 {
        let s = self.stable.clone();
        self.chain.call(&s, "PSP22::total_supply", ())
    }

    /// Lets the vault pull / burn up to `amount_wad` of `who`'s stablecoin.
    /// `who` approves the vault for `amount_wad`.
    pub fn approve_stable(&mut self, who: &AccountId32, amount_wad: u128) {
        let v = self.vault.clone();
        self.approve_stable_for(who, &v, amount_wad);
    }

    pub fn approve_stable_for(
        &mut self,
        who: &AccountId32,
        spender: &AccountId32,
        amount_wad: u128,
    ) {
        let s = self.stable.clone();
        self.chain
            .call_as::<_, Result<(), PSP22Error>>(
                who,
                &s,
                "PSP22::approve",
                (ink_id(spender), amount_wad),
            )
            .expect("approve");
    }

    pub fn transfer_stable(&mut self, from: &AccountId32, to: &AccountId32, amount_wad: u128) {
        let s = self.stable.clone();
        self.chain
            .call_as::<_, Result<(), PSP22Error>>(
                from,
                &s,
                "PSP22::transfer",
                (ink_id(to), amount_wad, Vec::<u8>::new()),
            )
            .expect("transfer");
    }

    // ── vault ──

    /// `who` calls the vault's message `label` with `args`.
    /// `who` calls the condition monitor's message `label` with `args`.
    pub fn monitor_as<A: parity_scale_codec::Encode, R: parity_scale_codec::Decode>(
        &mut self,
        who: &AccountId32,
        label: &str,
        args: A,
    ) -> R {
        let m = self.monitor.clone();
        self.chain.call_as(who, &m, label, args)
    }

    /// What `max_borrow` answers for position `pos` were it worth `value_wad` to lend against,
    /// by the vault's documented arithmetic (capacity = value ÷ ratio; the normalised debt it
    /// allows at the class's rate now, less the position's, back in stablecoin: each step rounded
    /// down): exact figures for tests that move a position's value.
    pub fn max_borrow_at(&mut self, pos: PositionId, value_wad: u128) -> u128 {
        let admin = self.admin.clone();
        let p: Option<Position> = self.vault_as(&admin, "position", pos);
        let p = p.expect("position");
        let c: Option<Class> = self.vault_as(&admin, "class", p.class_id);
        let c = c.expect("class");
        let now = self.chain.now_ms();
        let (state, _) =
            collateral_vault::fees::accrue(&c.state, c.params.stability_fee_per_second, now)
                .expect("accrue");
        let capacity =
            collateral_vault::valuation::max_debt_wad(value_wad, c.params.liquidation_ratio)
                .expect("capacity");
        collateral_vault::fees::max_draw_wad(p.art, state.rate, capacity).expect("draw")
    }

    /// `who` calls the credit pricer's message `label` with `args`.
    pub fn pricer_as<A: parity_scale_codec::Encode, R: parity_scale_codec::Decode>(
        &mut self,
        who: &AccountId32,
        label: &str,
        args: A,
    ) -> R {
        let p = self.pricer.clone();
        self.chain.call_as(who, &p, label, args)
    }

    pub fn vault_as<A: parity_scale_codec::Encode, R: parity_scale_codec::Decode>(
        &mut self,
        who: &AccountId32,
        label: &str,
        args: A,
    ) -> R {
        let v = self.vault.clone();
        self.chain.call_as(who, &v, label, args)
    }

    pub fn open(&mut self, owner: &AccountId32, class: ClassId) -> PositionId {
        self.vault_as::<_, Result<PositionId, VaultError>>(owner, "open_position", class)
            .expect("open")
    }

    /// Approves the vault for the NFT and deposits it.
    pub fn deposit(
        &mut self,
        owner: &AccountId32,
        pos: PositionId,
        id: AssetId,
    ) -> Result<(), VaultError> {
        self.approve_nft(owner, id).expect("approve nft");
        self.vault_as(owner, "deposit", (pos, id))
    }

    pub fn withdraw(
        &mut self,
        owner: &AccountId32,
        pos: PositionId,
        id: AssetId,
    ) -> Result<(), VaultError> {
        self.vault_as(owner, "withdraw", (pos, id))
    }

    pub fn borrow(
        &mut self,
        owner: &AccountId32,
        pos: PositionId,
        amount_wad: u128,
    ) -> Result<(), VaultError> {
        self.vault_as(owner, "borrow", (pos, amount_wad))
    }

    /// An invoice facility: `supplier` pledges the invoice `kind` (owed by `debtor`, who confirms
    /// it) in a new position of the invoice class and borrows `borrow_wad` (none if 0).
    /// (position, invoice)
    pub fn facility(
        &mut self,
        supplier: &AccountId32,
        debtor: &AccountId32,
        kind: AssetKind,
        borrow_wad: u128,
    ) -> (PositionId, AssetId) {
        let id = self.confirmed(supplier, debtor, kind);
        let pos = self.open(supplier, INVOICE_CLASS);
        self.deposit(supplier, pos, id).unwrap();
        if borrow_wad > 0 {
            self.borrow(supplier, pos, borrow_wad).unwrap();
        }
        (pos, id)
    }

    /// Approves and repays.
    pub fn repay(
        &mut self,
        payer: &AccountId32,
        pos: PositionId,
        amount_wad: u128,
    ) -> Result<(), VaultError> {
        self.approve_stable(payer, amount_wad);
        self.vault_as(payer, "repay", (pos, amount_wad))
    }

    pub fn settle(&mut self, debtor: &AccountId32, id: AssetId) -> Result<(), VaultError> {
        self.vault_as(debtor, "settle", id)
    }

    /// The debtor pays an invoice the vault does not hold, on chain, to its holder.
    pub fn pay_invoice(&mut self, debtor: &AccountId32, id: AssetId) -> Result<(), VaultError> {
        self.vault_as(debtor, "pay_invoice", id)
    }

    /// What paying the invoice costs its debtor now: face × price, rounded up.
    pub fn settlement_amount(&mut self, id: AssetId) -> Result<u128, VaultError> {
        let a = self.admin.clone();
        self.vault_as(&a, "settlement_amount", id)
    }

    // ── underwriting ──

    /// The underwriter approves `debtor` with a credit limit (or changes it, or reinstates it).
    pub fn approve_debtor(
        &mut self,
        debtor: &AccountId32,
        limit_wad: u128,
    ) -> Result<(), VaultError> {
        let u = self.underwriter.clone();
        self.vault_as(&u, "approve_debtor", (ink_id(debtor), limit_wad))
    }

    pub fn suspend_debtor(&mut self, debtor: &AccountId32) -> Result<(), VaultError> {
        let u = self.underwriter.clone();
        self.vault_as(&u, "suspend_debtor", ink_id(debtor))
    }

    /// Debt drawn against `debtor`'s invoices, across every position, supplier and class.
    pub fn debtor_exposure(&mut self, debtor: &AccountId32) -> Result<u128, VaultError> {
        let a = self.admin.clone();
        self.vault_as(&a, "debtor_exposure", ink_id(debtor))
    }

    /// A funded fresh account `n`, approved as a debtor with `limit_wad`.
    pub fn approved_debtor(&mut self, n: u8, limit_wad: u128) -> AccountId32 {
        let d = self.actor(n);
        self.approve_debtor(&d, limit_wad).expect("approve debtor");
        d
    }

    // ── liquidation engine ──

    /// `who` calls the liquidation engine's message `label` with `args`.
    pub fn engine_as<A: parity_scale_codec::Encode, R: parity_scale_codec::Decode>(
        &mut self,
        who: &AccountId32,
        label: &str,
        args: A,
    ) -> R {
        let e = self.engine.clone();
        self.chain.call_as(who, &e, label, args)
    }

    pub fn liquidate(&mut self, keeper: &AccountId32, pos: PositionId) -> Result<(), EngineError> {
        self.engine_as(keeper, "liquidate", pos)
    }

    /// A liquidated invoice facility of `supplier` on `debtor` (an approved debtor): a 20 000
    /// invoice at auction and a 10 000 one, disputed by its debtor, in recovery. Both are due in
    /// 30 days and 18 000 is borrowed; the debtor disputes one and pays neither, and 45 days on
    /// (15 days into the grace period, both worth half their face) the facility is liquidated.
    /// The auction starts and holds at the 20 000 its debtor owes. Returns the position, the
    /// invoice at auction and the invoice in recovery.
    pub fn liquidated_facility(
        &mut self,
        supplier: &AccountId32,
        debtor: &AccountId32,
        keeper: &AccountId32,
    ) -> (PositionId, AssetId, AssetId) {
        let at_auction = self.confirmed_invoice(supplier, debtor, wad(20_000), 30 * MS_PER_DAY);
        let in_recovery = self.confirmed_invoice(supplier, debtor, wad(10_000), 30 * MS_PER_DAY);
        let pos = self.open(supplier, INVOICE_CLASS);
        self.deposit(supplier, pos, at_auction).unwrap();
        self.deposit(supplier, pos, in_recovery).unwrap();
        self.borrow(supplier, pos, wad(18_000)).unwrap();
        self.vault_as::<_, Result<(), VaultError>>(debtor, "dispute", in_recovery)
            .unwrap();
        self.advance(45 * MS_PER_DAY);
        self.liquidate(keeper, pos).unwrap();
        (pos, at_auction, in_recovery)
    }

    /// Approves the engine for `max_price_wad` and buys at the current auction price.
    pub fn take(
        &mut self,
        buyer: &AccountId32,
        id: AssetId,
        max_price_wad: u128,
    ) -> Result<(), EngineError> {
        self.approve_stable_for(buyer, &self.engine.clone(), max_price_wad);
        self.engine_as(buyer, "take", (id, max_price_wad))
    }

    pub fn restart_auction(&mut self, who: &AccountId32, id: AssetId) -> Result<(), EngineError> {
        self.engine_as(who, "restart_auction", id)
    }

    /// The debtor approves the engine for the amount due and pays an invoice in recovery.
    pub fn settle_in_recovery(
        &mut self,
        debtor: &AccountId32,
        id: AssetId,
    ) -> Result<(), EngineError> {
        let due = self.settlement_amount(id).unwrap_or(0);
        self.approve_stable_for(debtor, &self.engine.clone(), due);
        self.engine_as(debtor, "settle", id)
    }

    pub fn write_off(&mut self, who: &AccountId32, id: AssetId) -> Result<(), EngineError> {
        self.engine_as(who, "write_off", id)
    }

    pub fn resolve_dispute(
        &mut self,
        arbiter: &AccountId32,
        id: AssetId,
        invoice_valid: bool,
    ) -> Result<(), EngineError> {
        self.engine_as(arbiter, "resolve_dispute", (id, invoice_valid))
    }

    /// The admin names `arbiter` on the engine.
    pub fn set_arbiter(&mut self, arbiter: &AccountId32) {
        let a = self.admin.clone();
        self.engine_as::<_, Result<(), EngineError>>(&a, "set_arbiter", ink_id(arbiter))
            .expect("set arbiter");
    }

    pub fn auction(&mut self, id: AssetId) -> Option<Auction> {
        let a = self.admin.clone();
        self.engine_as(&a, "auction", id)
    }

    pub fn auction_price(&mut self, id: AssetId) -> Result<Option<u128>, EngineError> {
        let a = self.admin.clone();
        self.engine_as(&a, "auction_price", id)
    }

    pub fn recovery(&mut self, id: AssetId) -> Option<Recovery> {
        let a = self.admin.clone();
        self.engine_as(&a, "recovery", id)
    }

    pub fn liquidation(&mut self, pos: PositionId) -> Option<Liquidation> {
        let a = self.admin.clone();
        self.engine_as(&a, "liquidation", pos)
    }

    pub fn position(&mut self, pos: PositionId) -> Option<Position> {
        let a = self.admin.clone();
        self.vault_as(&a, "position", pos)
    }

    pub fn debt(&mut self, pos: PositionId) -> u128 {
        let a = self.admin.clone();
        self.vault_as::<_, Result<u128, VaultError>>(&a, "position_debt", pos)
            .expect("debt")
    }

    pub fn max_borrow(&mut self, pos: PositionId) -> Result<u128, VaultError> {
        let a = self.admin.clone();
        self.vault_as(&a, "max_borrow", pos)
    }

    pub fn class(&mut self, id: ClassId) -> Class {
        let a = self.admin.clone();
        self.vault_as::<_, Option<Class>>(&a, "class", id)
            .expect("class")
    }

    pub fn books(&mut self) -> Books {
        let a = self.admin.clone();
        self.vault_as(&a, "books", ())
    }

    /// Gives `who` `amount_wad` of stablecoin the honest way: `who` borrows against warehouse
    /// receipts for coffee attested by the warehouse (an attester). Each receipt holds 2 kg per
    /// unit borrowed: at 2.00, 10 % haircut and 150 % ratio it carries 2.4 per unit, so the facility
    /// stays safe down to a coffee price of 0.84. One position per chunk of at most 250 000 (well
    /// under the goods class's debt ceiling); a funding of up to 250 000 opens exactly one
    /// position. Returns the first facility's position.
    pub fn fund_stable(&mut self, who: &AccountId32, amount_wad: u128) -> PositionId {
        let mut first = None;
        let mut left = amount_wad;
        while left > 0 {
            let chunk = left.min(wad(250_000));
            let id = self.confirmed_coffee(who, chunk * 2);
            let pos = self.open(who, GOODS_CLASS);
            self.deposit(who, pos, id).expect("deposit funding receipt");
            self.borrow(who, pos, chunk).expect("borrow funding");
            first.get_or_insert(pos);
            left -= chunk;
        }
        first.expect("amount > 0")
    }

    /// The books identity, exactly:
    /// `Σ total_art·rate + (auction_debt + bad_debt)·RAY == supply·RAY + pending_surplus_rad`,
    /// and the vault's stablecoin balance is its recorded surplus.
    pub fn assert_books(&mut self) {
        let books = self.books();
        let mut debt_rad = U256::zero();
        for id in 0..books.class_count {
            let c = self.class(id);
            debt_rad += U256::from(c.state.total_art) * U256::from(c.state.rate.0);
        }
        let lhs =
            debt_rad + U256::from(books.auction_debt_wad + books.bad_debt_wad) * U256::from(RAY);
        let rhs =
            U256::from(self.supply()) * U256::from(RAY) + U256::from(books.pending_surplus_rad);
        assert_eq!(lhs, rhs, "books identity broken: {books:?}");
        assert!(
            books.pending_surplus_rad < RAY,
            "pending surplus holds whole units: {books:?}"
        );
        let vault = self.vault.clone();
        assert_eq!(
            self.balance(&vault),
            books.surplus_wad,
            "vault balance != recorded surplus"
        );
    }
}
