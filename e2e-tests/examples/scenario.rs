//! The main job: deploys the suite to the embedded sandbox chain and runs a financing story,
//! printing what happened. `bash scripts/run.sh` builds the contracts first.
use collateral_vault::events::{AuctionTaken, InvoiceSettled, Liquidated};
use drink::AccountId32;
use e2e_tests::chain::{bundles_dir, Chain};
use e2e_tests::suite::*;
use scf_interfaces::{MS_PER_DAY, WAD};

fn money(v: u128) -> String {
    let whole = v / WAD;
    let cents = (v % WAD) / (WAD / 100);
    let mut s = whole.to_string();
    let mut i = s.len() as isize - 3;
    while i > 0 {
        s.insert(i as usize, ',');
        i -= 3;
    }
    format!("{s}.{cents:02}")
}

fn step(n: &mut u32, text: &str) {
    *n += 1;
    println!("\n[{n}] {text}");
}

fn main() {
    let mut n = 0;
    println!("Supply-chain finance on ink! — financing scenario in the drink sandbox");
    println!("bundles: {}", bundles_dir().display());
    let mut s = Suite::deploy();
    for (name, addr) in [
        ("price_oracle", &s.oracle),
        ("receivable_registry", &s.registry),
        ("stablecoin", &s.stable),
        ("collateral_vault", &s.vault),
    ] {
        let size = s.chain.bundle(name).wasm.len();
        println!("  deployed {name:<20} at {addr}  ({size} bytes of wasm)");
    }
    let acme = s.actor(2);
    let buyer_co = s.actor(3);
    let bean_co = s.actor(4);
    let keeper = s.actor(5);
    let names: Vec<(&str, AccountId32)> = vec![
        ("Acme Parts (supplier)", acme.clone()),
        ("Buyer Co (debtor)", buyer_co.clone()),
        ("Bean Traders (supplier)", bean_co.clone()),
        ("Keeper (liquidator)", keeper.clone()),
    ];

    step(
        &mut n,
        "Acme registers a 50,000 invoice on Buyer Co, due in 60 days; Buyer Co accepts it on-chain",
    );
    let invoice = s.confirmed_invoice(&acme, &buyer_co, 50_000 * WAD, 60 * MS_PER_DAY);
    println!(
        "  invoice NFT #{invoice}: status {:?}",
        s.asset(invoice).status
    );

    step(
        &mut n,
        "Acme pledges the invoice in the vault and borrows up to its limit",
    );
    let acme_pos = s.open(&acme, INVOICE_CLASS);
    s.deposit(&acme, acme_pos, invoice).unwrap();
    let limit = s.max_borrow(acme_pos).unwrap();
    s.borrow(&acme, acme_pos, limit).unwrap();
    println!("  position #{acme_pos}: borrowed {} TUSD (invoice valued at a 10 %/yr discount, 150 % ratio)", money(limit));

    step(
        &mut n,
        "Bean Traders pledges a warehouse receipt for 10,000 kg of coffee (2.00/kg, 10 % haircut)",
    );
    let coffee = s.confirmed_coffee(&bean_co, 10_000 * WAD);
    let bean_pos = s.open(&bean_co, GOODS_CLASS);
    s.deposit(&bean_co, bean_pos, coffee).unwrap();
    s.borrow(&bean_co, bean_pos, 11_500 * WAD).unwrap();
    println!("  position #{bean_pos}: borrowed 11,500.00 TUSD against 18,000.00 of coffee");

    step(&mut n, "A week later Bean Traders repays 1,500 early");
    s.advance(7 * MS_PER_DAY);
    s.repay(&bean_co, bean_pos, 1_500 * WAD).unwrap();
    println!("  Bean Traders' debt is now {}", money(s.debt(bean_pos)));

    step(&mut n, "60 days pass; stability fees accrue at 5 %/yr");
    s.advance(60 * MS_PER_DAY);
    println!("  Acme's debt is now {}", money(s.debt(acme_pos)));

    step(
        &mut n,
        "Buyer Co pays the invoice to the vault: the debt is repaid, the rest goes to Acme",
    );
    s.fund_stable(&buyer_co, 50_000 * WAD);
    s.approve_stable(&buyer_co, 50_000 * WAD);
    s.settle(&buyer_co, invoice).unwrap();
    let v = s.vault.clone();
    let e = &s.chain.events_of::<InvoiceSettled>(&v)[0];
    println!(
        "  paid {}: {} repaid the debt, {} to Acme; NFT #{invoice} is {:?} and back with Acme",
        money(e.paid_wad),
        money(e.debt_repaid_wad),
        money(e.to_owner_wad),
        s.asset(invoice).status
    );

    step(&mut n, "Coffee falls 20 % to 1.60/kg: Bean Traders' position is unsafe and the keeper liquidates it");
    s.post_price(COFFEE, 16 * WAD / 10).unwrap();
    s.liquidate(&keeper, bean_pos).unwrap();
    let l = &s.chain.events_of::<Liquidated>(&v)[0];
    println!(
        "  debt {} + penalty {} against collateral worth {}; the receipt goes to a Dutch auction",
        money(l.debt_wad),
        money(l.penalty_wad),
        money(l.collateral_value_wad)
    );

    step(
        &mut n,
        "Six hours later the keeper buys the receipt at the decayed auction price",
    );
    s.fund_stable(&keeper, 20_000 * WAD);
    s.chain.advance_ms(6 * 3_600_000);
    let price: Result<Option<u128>, collateral_vault::VaultError> =
        s.chain.call(&v, "auction_price", coffee);
    let price = price.unwrap().unwrap();
    s.take(&keeper, coffee, price).unwrap();
    let t = &s.chain.events_of::<AuctionTaken>(&v)[0];
    println!(
        "  price {}: {} to the debt, {} penalty to the surplus, {} back to Bean Traders",
        money(t.price_wad),
        money(t.to_debt_wad),
        money(t.to_penalty_wad),
        money(t.to_owner_wad)
    );
    s.assert_books();

    println!("\nPositions");
    println!("| position | owner | class | NFTs | debt (TUSD) |");
    println!("|---:|---|---|---|---:|");
    for (pos, owner, class) in [
        (acme_pos, "Acme Parts", "invoices"),
        (bean_pos, "Bean Traders", "warehouse receipts"),
    ] {
        let p = s.position(pos).unwrap();
        println!(
            "| {pos} | {owner} | {class} | {:?} | {} |",
            p.assets,
            money(s.debt(pos))
        );
    }
    println!("\nBalances (TUSD)");
    println!("| account | balance |");
    println!("|---|---:|");
    for (name, who) in &names {
        println!("| {name} | {} |", money(s.balance(who)));
    }
    let books = s.books();
    let vault = s.vault.clone();
    println!("| Vault (system surplus) | {} |", money(s.balance(&vault)));
    println!(
        "\nBooks: supply {} = position debt + auction debt {} + bad debt {} (exact identity checked), surplus {}",
        money(s.supply()),
        money(books.auction_debt_wad),
        money(books.bad_debt_wad),
        money(books.surplus_wad)
    );

    println!("\nGas per vault operation in this run (drink call records)");
    println!("| operation | ref_time | proof_size | storage deposit |");
    println!("|---|---:|---:|---:|");
    let ledger: Vec<_> = s.chain.ledger.clone();
    for label in [
        "open_position",
        "deposit",
        "borrow",
        "repay",
        "settle",
        "liquidate",
        "take",
    ] {
        if let Some(r) = ledger
            .iter()
            .find(|r| r.contract == "collateral_vault" && r.label == label && !r.reverted)
        {
            println!(
                "| {label} | {} | {} | {} |",
                r.ref_time, r.proof_size, r.storage_deposit
            );
        }
    }
    let _ = Chain::account;
}
