//! The monitor's own rules, with real signatures of both schemes (the off-chain engine verifies
//! sr25519 with the `substrate` context and recovers secp256k1 as the chain does). Flows with the
//! registry and the vault are the drink tests' (`e2e-tests/tests/condition.rs`).
use crate::condition_monitor::ConditionMonitor;
use crate::data::tests::{report, temp};
use crate::*;
use ink::env::test;
use ink::env::DefaultEnvironment as E;
use ink::primitives::AccountId;
use scf_interfaces::ConditionFeed;
use scf_interfaces::WAD;

const HOUR: u64 = 3_600_000;
const LIMITS: ConditionLimits = ConditionLimits {
    temperature: Some((2_000, 8_000)),
    humidity: None,
    shock: None,
};
const POLICY: ClassPolicy = ClassPolicy {
    haircut_wad: WAD / 5,
    max_silence_ms: 6 * HOUR,
};

fn sr_pair(seed: u8) -> schnorrkel::Keypair {
    schnorrkel::MiniSecretKey::from_bytes(&[seed; 32])
        .expect("32 bytes")
        .expand_to_keypair(schnorrkel::ExpansionMode::Ed25519)
}

fn sr_key(seed: u8) -> DeviceKey {
    DeviceKey::Sr25519(sr_pair(seed).public.to_bytes())
}

fn sr_sign(seed: u8, r: &ConditionReport) -> DeviceSignature {
    let digest = crate::report_digest(&ink::env::account_id::<E>(), r);
    DeviceSignature::Sr25519(sr_pair(seed).sign_simple(b"substrate", &digest).to_bytes())
}

fn k1_secret(seed: u8) -> secp256k1::SecretKey {
    secp256k1::SecretKey::from_slice(&[seed; 32]).expect("valid secret")
}

fn k1_key(seed: u8) -> DeviceKey {
    DeviceKey::Ecdsa(
        secp256k1::PublicKey::from_secret_key(secp256k1::SECP256K1, &k1_secret(seed)).serialize(),
    )
}

fn k1_sign(seed: u8, r: &ConditionReport) -> DeviceSignature {
    let digest = crate::report_digest(&ink::env::account_id::<E>(), r);
    let msg = secp256k1::Message::from_digest_slice(&digest).expect("32 bytes");
    let (rid, rs) = secp256k1::SECP256K1
        .sign_ecdsa_recoverable(&msg, &k1_secret(seed))
        .serialize_compact();
    let mut sig = [0u8; 65];
    sig[..64].copy_from_slice(&rs);
    sig[64] = rid.to_i32() as u8;
    DeviceSignature::Ecdsa(sig)
}

struct Setup {
    monitor: ConditionMonitor,
    device: DeviceId,
    carrier: AccountId,
}

fn setup(key: DeviceKey) -> Setup {
    let accounts = test::default_accounts::<E>();
    test::set_caller::<E>(accounts.alice);
    test::set_block_timestamp::<E>(0);
    let mut monitor = ConditionMonitor::new(accounts.frank);
    let device = monitor.seed(key, accounts.charlie, 1, LIMITS);
    monitor.set_class_policy(0, Some(POLICY)).expect("admin");
    test::set_caller::<E>(accounts.django); // a relayer: anyone
    Setup {
        monitor,
        device,
        carrier: accounts.charlie,
    }
}

fn signed(s: &Setup, seq: u64, start: u64, end: u64) -> ConditionReport {
    let mut r = report(seq, start, end);
    r.device = s.device;
    r
}

#[ink::test]
fn an_sr25519_report_in_limits_keeps_the_whole_value() {
    let mut s = setup(sr_key(1));
    test::set_block_timestamp::<E>(HOUR);
    let r = signed(&s, 1, 0, HOUR);
    let before = test::recorded_events().count();
    assert_eq!(s.monitor.report(r.clone(), sr_sign(1, &r)), Ok(()));
    assert_eq!(test::recorded_events().count(), before + 1);
    let c = s.monitor.condition(1).expect("watched");
    assert_eq!(
        (c.reports, c.open_excursions, c.excursions_total),
        (1, 0, 0)
    );
    assert_eq!(c.latest.expect("latest").report_id, r.report_id);
    assert_eq!(s.monitor.condition_factor(1, 0), Some(WAD));
    // The vault's one call per position: each lot's factor, in order (99 never watched).
    assert_eq!(
        s.monitor.condition_factors(vec![1, 99, 1], 0),
        vec![Some(WAD), None, Some(WAD)]
    );
    assert_eq!(
        s.monitor.condition_factors(vec![1, 99], 7),
        vec![Some(WAD), Some(WAD)]
    );
    let d = s.monitor.device_of(s.device).expect("device");
    assert_eq!((d.last_sequence, d.last_end_ms), (1, HOUR));
    assert!(s.monitor.is_seen(r.report_id));
}

#[ink::test]
fn a_secp256k1_excursion_takes_the_class_haircut_and_good_reports_do_not_undo_it() {
    let mut s = setup(k1_key(2));
    test::set_block_timestamp::<E>(2 * HOUR);
    let mut warm = signed(&s, 1, 0, HOUR);
    warm.measurements = ink::prelude::vec![temp(5_000, 9_500)];
    assert_eq!(s.monitor.report(warm.clone(), k1_sign(2, &warm)), Ok(()));
    assert_eq!(s.monitor.condition_factor(1, 0), Some(WAD / 5 * 4));
    let cool = signed(&s, 2, HOUR, 2 * HOUR);
    assert_eq!(s.monitor.report(cool.clone(), k1_sign(2, &cool)), Ok(()));
    let c = s.monitor.condition(1).expect("watched");
    assert_eq!(
        (c.reports, c.open_excursions, c.excursions_total),
        (2, 1, 1)
    );
    assert_eq!(s.monitor.condition_factor(1, 0), Some(WAD / 5 * 4));
    // A class without a policy does not price condition.
    assert_eq!(s.monitor.condition_factor(1, 7), Some(WAD));
}

#[ink::test]
fn a_broken_seal_or_a_silence_past_the_policy_makes_the_lot_unknown() {
    let mut s = setup(sr_key(1));
    test::set_block_timestamp::<E>(HOUR);
    let r = signed(&s, 1, 0, HOUR);
    s.monitor.report(r.clone(), sr_sign(1, &r)).expect("good");
    test::set_block_timestamp::<E>(7 * HOUR);
    assert_eq!(s.monitor.condition_factor(1, 0), Some(WAD));
    test::set_block_timestamp::<E>(7 * HOUR + 1);
    assert_eq!(s.monitor.condition_factor(1, 0), None);
    // Reporting again after the silence restores nothing.
    let late = signed(&s, 2, 7 * HOUR + 1, 7 * HOUR + 1);
    s.monitor
        .report(late.clone(), sr_sign(1, &late))
        .expect("recorded");
    assert_eq!(s.monitor.condition_factor(1, 0), None);

    let mut t = setup(sr_key(3));
    test::set_block_timestamp::<E>(HOUR);
    let mut opened = signed(&t, 1, 0, HOUR);
    opened.alarms = ALARM_SEAL_BROKEN;
    // Both instances share the off-chain engine's storage: a fresh report id.
    opened.report_id = [0x5E; 32];
    t.monitor
        .report(opened.clone(), sr_sign(3, &opened))
        .expect("recorded");
    assert_eq!(t.monitor.condition_factor(1, 0), None);
    // An asset never watched, in a class with a policy, is unknown too.
    assert_eq!(t.monitor.condition_factor(99, 0), None);
}

/// Each refusal changes nothing: the device's sequence, the lot's record and the seen ids stay.
#[ink::test]
fn forged_replayed_unbound_revoked_and_out_of_order_reports_are_refused() {
    let mut s = setup(sr_key(1));
    test::set_block_timestamp::<E>(3 * HOUR);
    let first = signed(&s, 1, HOUR, 2 * HOUR);
    s.monitor
        .report(first.clone(), sr_sign(1, &first))
        .expect("good");
    let snapshot = (s.monitor.condition(1), s.monitor.device_of(s.device));
    let unchanged = |m: &ConditionMonitor| (m.condition(1), m.device_of(s.device));

    // Forged: signed by another key, or by the right key over another report, or with the other
    // scheme, or for another deployment of the monitor.
    let r = signed(&s, 2, 2 * HOUR, 3 * HOUR);
    for sig in [
        sr_sign(9, &r),
        sr_sign(1, &signed(&s, 2, 2 * HOUR, 3 * HOUR - 1)),
        k1_sign(1, &r),
    ] {
        assert_eq!(
            s.monitor.report(r.clone(), sig),
            Err(ConditionError::BadSignature)
        );
    }
    let elsewhere = {
        let digest = crate::report_digest(&AccountId::from([0xEE; 32]), &r);
        DeviceSignature::Sr25519(sr_pair(1).sign_simple(b"substrate", &digest).to_bytes())
    };
    assert_eq!(
        s.monitor.report(r.clone(), elsewhere),
        Err(ConditionError::BadSignature)
    );
    // Replayed.
    assert_eq!(
        s.monitor.report(first.clone(), sr_sign(1, &first)),
        Err(ConditionError::Replay)
    );
    // Out of order: an old sequence under a new id; a window before the last one's end.
    let mut old_seq = signed(&s, 1, 2 * HOUR, 3 * HOUR);
    old_seq.report_id = [0xA1; 32];
    assert_eq!(
        s.monitor.report(old_seq.clone(), sr_sign(1, &old_seq)),
        Err(ConditionError::StaleSequence)
    );
    let early = signed(&s, 2, 2 * HOUR - 1, 3 * HOUR);
    assert_eq!(
        s.monitor.report(early.clone(), sr_sign(1, &early)),
        Err(ConditionError::StaleWindow)
    );
    // Another asset's report from this device (not bound to it).
    let mut other = signed(&s, 2, 2 * HOUR, 3 * HOUR);
    other.asset_id = 2;
    assert_eq!(
        s.monitor.report(other.clone(), sr_sign(1, &other)),
        Err(ConditionError::NotBound)
    );
    // A report from the future.
    let future = signed(&s, 2, 2 * HOUR, 3 * HOUR + 1);
    assert_eq!(
        s.monitor.report(future.clone(), sr_sign(1, &future)),
        Err(ConditionError::BadWindow)
    );
    assert_eq!(unchanged(&s.monitor), snapshot);

    // Revoked: only its attester or the admin may; then its reports are refused.
    assert_eq!(
        s.monitor.revoke_device(s.device),
        Err(ConditionError::NotDeviceAttester)
    );
    test::set_caller::<E>(s.carrier);
    assert_eq!(s.monitor.revoke_device(s.device), Ok(()));
    assert_eq!(
        s.monitor.revoke_device(s.device),
        Err(ConditionError::DeviceRevoked)
    );
    assert_eq!(
        s.monitor.report(r.clone(), sr_sign(1, &r)),
        Err(ConditionError::DeviceRevoked)
    );
    assert_eq!(s.monitor.condition(1), snapshot.0);
}

#[ink::test]
fn the_class_policy_is_the_admins_and_bounded() {
    let mut s = setup(sr_key(1));
    assert_eq!(
        s.monitor.set_class_policy(1, Some(POLICY)),
        Err(ConditionError::NotAdmin)
    );
    test::set_caller::<E>(test::default_accounts::<E>().alice);
    let too_deep = ClassPolicy {
        haircut_wad: WAD / 2 + 1,
        ..POLICY
    };
    assert_eq!(
        s.monitor.set_class_policy(1, Some(too_deep)),
        Err(ConditionError::InvalidPolicy)
    );
    assert_eq!(s.monitor.class_policy(1), None);
    assert_eq!(s.monitor.set_class_policy(0, None), Ok(()));
    assert_eq!(s.monitor.class_policy(0), None);
    assert_eq!(s.monitor.condition_factor(99, 0), Some(WAD));
}

#[test]
fn device_ids_are_the_hash_of_the_key_and_differ_by_scheme() {
    assert_ne!(crate::device_id(&sr_key(1)), crate::device_id(&sr_key(2)));
    assert_ne!(crate::device_id(&sr_key(1)), crate::device_id(&k1_key(1)));
    assert_eq!(crate::device_id(&sr_key(1)), crate::device_id(&sr_key(1)));
}
