//! `otpauth://` URIs: vectors from Google's Key Uri Format wiki and the providers' documentation,
//! lenient spellings, refusals naming the part, round trips.

use super::*;
use crate::MfaErrorCode;

fn key(uri: &str) -> OtpauthKey {
    parse_otpauth_uri(uri).unwrap_or_else(|e| panic!("{uri}: {}", e.message))
}

fn names(k: &OtpauthKey) -> (Option<&str>, Option<&str>) {
    (k.issuer.as_deref(), k.account.as_deref())
}

fn params(k: &OtpauthKey) -> (TotpAlgorithm, u32, u32) {
    (k.algorithm, k.digits, k.period)
}

fn refused(uri: &str) -> String {
    let e = parse_otpauth_uri(uri).unwrap_err();
    assert_eq!(e.code, MfaErrorCode::InvalidInput, "{uri}");
    e.message.into_owned()
}

const SHA1: (TotpAlgorithm, u32, u32) = (TotpAlgorithm::Sha1, 6, 30);

/// `seed` in unpadded base32, as a URI's `secret`.
fn base32_of(seed: &[u8]) -> String {
    base32::encode(base32::Alphabet::Rfc4648 { padding: false }, seed)
}

#[test]
fn google_key_uri_format_wiki_examples() {
    // https://github.com/google/google-authenticator/wiki/Key-Uri-Format
    let k = key("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example");
    assert_eq!(k.secret, "JBSWY3DPEHPK3PXP");
    assert_eq!(names(&k), (Some("Example"), Some("alice@google.com")));
    assert_eq!(params(&k), SHA1);

    let k = key("otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30");
    assert_eq!(k.secret, "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ");
    assert_eq!(names(&k), (Some("ACME Co"), Some("john.doe@email.com")));
    assert_eq!(params(&k), SHA1);

    // The wiki's other labels: "Provider1:Alice%20Smith", and spaces after the colon dropped.
    let k = key("otpauth://totp/Provider1:Alice%20Smith?secret=JBSWY3DPEHPK3PXP");
    assert_eq!(names(&k), (Some("Provider1"), Some("Alice Smith")));
    let k = key("otpauth://totp/Big%20Corporation%3A%20alice@bigco.com?secret=JBSWY3DPEHPK3PXP");
    assert_eq!(
        names(&k),
        (Some("Big Corporation"), Some("alice@bigco.com"))
    );
}

#[test]
fn provider_documentation_examples() {
    // Supabase (MFA guide; its `<secret>` placeholder filled in).
    let k =
        key("otpauth://totp/supabase:alice@supabase.com?secret=JBSWY3DPEHPK3PXP&issuer=supabase");
    assert_eq!(names(&k), (Some("supabase"), Some("alice@supabase.com")));
    assert_eq!(params(&k), SHA1);

    // Auth0 (MFA API `barcode_uri`, every parameter written out; placeholder filled in).
    let k = key("otpauth://totp/tenant:user?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=tenant&algorithm=SHA1&digits=6&period=30");
    assert_eq!(names(&k), (Some("tenant"), Some("user")));
    assert_eq!(params(&k), SHA1);
    // Auth0 as documented in a client's API notes: percent-encoded label and padding.
    let k = key(
        "otpauth://totp/example%40example.com?secret=JBSWY3DPEBLW64TMMQ%3D%3D%3D%3D&issuer=Example",
    );
    assert_eq!(k.secret, "JBSWY3DPEBLW64TMMQ");
    assert_eq!(names(&k), (Some("Example"), Some("example@example.com")));

    // Firebase `TotpSecret.generateQrCodeUrl()`: names not encoded at all, the app's default
    // name "[DEFAULT]" as issuer, algorithm and digits always written.
    let k = key("otpauth://totp/[DEFAULT]:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=[DEFAULT]&algorithm=SHA1&digits=6");
    assert_eq!(names(&k), (Some("[DEFAULT]"), Some("alice@example.com")));
    assert_eq!(params(&k), SHA1);
    let k = key("otpauth://totp/My App:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=My App&algorithm=SHA256&digits=8");
    assert_eq!(names(&k), (Some("My App"), Some("alice@example.com")));
    assert_eq!(params(&k), (TotpAlgorithm::Sha256, 8, 30));

    // Amplify `getSetupUri(appName, accountName)` (a WHATWG URL: spaces become %20).
    let k = key("otpauth://totp/My%20App:alice?secret=JBSWY3DPEHPK3PXP&issuer=My%20App");
    assert_eq!(names(&k), (Some("My App"), Some("alice")));

    // Go's pquerna/otp (GoTrue): sorted parameters, `+` for a space, an issuer with a colon.
    let k = key("otpauth://totp/localhost:3000:alice@example.com?algorithm=SHA1&digits=6&issuer=localhost%3A3000&period=30&secret=JBSWY3DPEHPK3PXP");
    assert_eq!(
        names(&k),
        (Some("localhost:3000"), Some("alice@example.com"))
    );
    let k = key("otpauth://totp/Acme%20Inc:bob?issuer=Acme+Inc&secret=JBSWY3DPEHPK3PXP");
    assert_eq!(names(&k), (Some("Acme Inc"), Some("bob")));
}

#[test]
fn lenient_as_authenticator_apps_are() {
    for uri in [
        "OTPAUTH://TOTP/Example:alice?SECRET=JBSWY3DPEHPK3PXP&Issuer=Example&ALGORITHM=sha1",
        "otpauth://totp/Example:alice?secret=jbswy3dpehpk3pxp&issuer=Example&algorithm=Sha1",
        "otpauth://totp/Example:alice?secret=JBSW%20Y3DP%20EHPK%203PXP&issuer=Example",
        "otpauth://totp/Example:alice?secret=JBSW+Y3DP+EHPK+3PXP&issuer=Example&algorithm=SHA-1",
        "  otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&image=https%3A%2F%2Fx.test%2Fa.png#top \n",
        "otpauth://totp/Example:alice?issuer=Example&&secret=JBSWY3DPEHPK3PXP&counter&digits=%206",
    ] {
        let k = key(uri);
        assert_eq!(k.secret, "JBSWY3DPEHPK3PXP", "{uri}");
        assert_eq!(names(&k), (Some("Example"), Some("alice")), "{uri}");
        assert_eq!(params(&k), SHA1, "{uri}");
    }
    // Padding, with or without percent-encoding: 9 bytes → 15 characters + "=".
    for secret in [
        "JBSWY3DPEHPK3PX",
        "JBSWY3DPEHPK3PX=",
        "JBSWY3DPEHPK3PX%3D",
        "jbswy3dpehpk3px%3d",
    ] {
        let k = key(&concat(&["otpauth://totp/a?secret=", secret]));
        assert_eq!(k.secret, "JBSWY3DPEHPK3PX", "{secret}");
    }
    for (name, alg) in [
        ("SHA256", TotpAlgorithm::Sha256),
        ("sha-256", TotpAlgorithm::Sha256),
        ("HmacSHA512", TotpAlgorithm::Sha512),
        ("sha_512", TotpAlgorithm::Sha512),
    ] {
        let k = key(&concat(&[
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=",
            name,
        ]));
        assert_eq!(k.algorithm, alg, "{name}");
    }
    // No label, no issuer: both absent; the label's prefix serves when no parameter is given.
    let bare = key("otpauth://totp/?secret=JBSWY3DPEHPK3PXP");
    assert_eq!(names(&bare), (None, None));
    let bare = key("otpauth://totp?secret=JBSWY3DPEHPK3PXP");
    assert_eq!(names(&bare), (None, None));
    let prefix = key("otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP");
    assert_eq!(names(&prefix), (Some("GitHub"), Some("octocat")));
    // The parameter wins over a different prefix (Google Authenticator does the same).
    let differ = key("otpauth://totp/Old%20Name:bob?secret=JBSWY3DPEHPK3PXP&issuer=New%20Name");
    assert_eq!(names(&differ), (Some("New Name"), Some("bob")));
    // Bounds are inclusive.
    let k = key("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=8&period=1");
    assert_eq!((k.digits, k.period), (8, 1));
    let k = key("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=7&period=3600");
    assert_eq!((k.digits, k.period), (7, 3600));
}

#[test]
fn refusals_name_the_part_and_never_hold_the_secret() {
    let secret = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
    let with = |tail: &str| concat(&["otpauth://totp/Acme:bob?secret=", secret, tail]);
    let written = [
        ("", URI_BAD),
        ("https://example.com/?secret=JBSWY3DPEHPK3PXP", URI_BAD),
        ("otpauth:/totp/a?secret=JBSWY3DPEHPK3PXP", URI_BAD),
        ("otpauth://totpx/a?secret=JBSWY3DPEHPK3PXP", URI_BAD),
        (
            "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=0",
            URI_HOTP,
        ),
        ("otpauth://totp/Acme:bob", URI_SECRET_MISSING),
        ("otpauth://totp/Acme:bob?issuer=Acme", URI_SECRET_MISSING),
        ("otpauth://totp/a?secret=", URI_SECRET_BAD),
        ("otpauth://totp/a?secret=JBSWY3DPEHPK3PX1", URI_SECRET_BAD),
        ("otpauth://totp/a?secret=JBSWY3DP%ZZ", URI_SECRET_BAD),
        ("otpauth://totp/a%E9b?secret=JBSWY3DPEHPK3PXP", URI_LABEL),
        ("otpauth://totp/a%2?secret=JBSWY3DPEHPK3PXP", URI_LABEL),
        (
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=%FF",
            URI_ISSUER,
        ),
    ];
    let built = [
        (with("&algorithm=MD5"), URI_ALGORITHM),
        (with("&algorithm="), URI_ALGORITHM),
        (with("&digits=5"), URI_DIGITS),
        (with("&digits=9"), URI_DIGITS),
        (with("&digits=6.0"), URI_DIGITS),
        (with("&digits=-6"), URI_DIGITS),
        (with("&digits=9999999999"), URI_DIGITS),
        (with("&period=0"), URI_PERIOD),
        (with("&period=3601"), URI_PERIOD),
        (with("&period=thirty"), URI_PERIOD),
        (
            with("&secret=JBSWY3DPEHPK3PXP"),
            "uri.secret: is given twice",
        ),
        (with("&Digits=6&digits=8"), "uri.digits: is given twice"),
    ];
    let cases = written.map(|(uri, message)| (uri.to_string(), message));
    for (uri, message) in cases.into_iter().chain(built) {
        let got = refused(&uri);
        assert_eq!(got, message, "{uri}");
        assert!(!got.contains(secret) && !got.contains("JBSWY3DP"), "{got}");
    }
    let long = concat(&[
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&image=",
        &"x".repeat(5000),
    ]);
    assert_eq!(refused(&long), URI_LONG);
    // Debug never shows the secret either.
    let k = key(&with(""));
    assert!(!format!("{k:?}").contains(secret));
}

#[test]
fn totp_accepts_a_uri_whose_parameters_apply() {
    let at = |seconds: f64| TotpOptions {
        timestamp: Some(seconds * 1000.0),
        ..Default::default()
    };
    let google = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";
    assert_eq!(totp(google, &at(0.0), 0.0).unwrap(), "282760");
    assert_eq!(totp(google, &at(1_700_000_000.0), 0.0).unwrap(), "324550");
    // RFC 6238 Appendix B through a URI: SHA256, 8 digits, its 32-byte seed.
    let seed = base32_of(b"12345678901234567890123456789012");
    let rfc = format!("otpauth://totp/RFC:6238?secret={seed}&algorithm=SHA256&digits=8");
    assert_eq!(totp(&rfc, &at(59.0), 0.0).unwrap(), "46119246");
    assert_eq!(totp(&rfc, &at(1_111_111_109.0), 0.0).unwrap(), "68084774");
    // A 60 s period: the same code for the whole minute, another the next.
    let minute = "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=60";
    assert_eq!(
        totp(minute, &at(60.0), 0.0).unwrap(),
        totp(minute, &at(119.0), 0.0).unwrap()
    );
    assert_eq!(
        totp(minute, &at(60.0), 0.0).unwrap(),
        totp("JBSWY3DPEHPK3PXP", &at(30.0), 0.0).unwrap()
    );
    // Options given explicitly override the URI's.
    let o = TotpOptions {
        digits: Some(6.0),
        algorithm: Some(TotpAlgorithm::Sha1),
        ..at(59.0)
    };
    let sha1_20 = base32_of(b"12345678901234567890");
    let sha1 = format!("otpauth://totp/a?secret={sha1_20}&algorithm=SHA256&digits=8");
    assert_eq!(totp(&sha1, &o, 0.0).unwrap(), "287082");
    // A bad URI is refused naming its part.
    let e = totp(
        "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=12",
        &at(0.0),
        0.0,
    )
    .unwrap_err();
    assert_eq!(e.message, URI_DIGITS);
}

fn input(secret: &str, issuer: Option<&str>, account: &str) -> OtpauthKeyInput {
    OtpauthKeyInput {
        secret: secret.into(),
        issuer: issuer.map(str::to_string),
        account: account.into(),
        ..Default::default()
    }
}

#[test]
fn otpauth_uri_writes_what_apps_read() {
    assert_eq!(
        otpauth_uri(&input(
            "JBSWY3DPEHPK3PXP",
            Some("Example"),
            "alice@google.com"
        ))
        .unwrap(),
        "otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
    );
    let acme = OtpauthKeyInput {
        algorithm: Some(TotpAlgorithm::Sha512),
        digits: Some(8.0),
        period: Some(60.0),
        ..input(
            "hxdm vjec jjws rb3h wizr 4ifu gftm xboz",
            Some("ACME Co"),
            "john.doe@email.com",
        )
    };
    assert_eq!(
        otpauth_uri(&acme).unwrap(),
        "otpauth://totp/ACME%20Co:john.doe%40email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA512&digits=8&period=60"
    );
    // Defaults are left out; no issuer, no prefix; padding dropped.
    assert_eq!(
        otpauth_uri(&OtpauthKeyInput {
            digits: Some(6.0),
            period: Some(30.0),
            algorithm: Some(TotpAlgorithm::Sha1),
            ..input("jbswy3dpehpk3px=", None, "Zoë Ünal+1")
        })
        .unwrap(),
        "otpauth://totp/Zo%C3%AB%20%C3%9Cnal%2B1?secret=JBSWY3DPEHPK3PX"
    );
}

#[test]
fn otpauth_uri_refuses_what_no_app_could_read() {
    let secret = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
    let refused = |k: OtpauthKeyInput| {
        let e = otpauth_uri(&k).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::InvalidInput);
        assert!(!e.message.contains(secret) && !e.message.contains("JBSW"));
        e.message.into_owned()
    };
    assert_eq!(refused(input("JBSW1", None, "a")), KEY_SECRET);
    assert_eq!(refused(input("", None, "a")), KEY_SECRET);
    assert_eq!(
        refused(input(secret, None, " ")),
        "key.account: must not be empty"
    );
    assert_eq!(
        refused(input(secret, Some(""), "a")),
        "key.issuer: must not be empty"
    );
    assert_eq!(
        refused(input(secret, Some("a:b"), "c")),
        "key.issuer: must not contain a colon"
    );
    assert_eq!(
        refused(input(secret, None, "x:y")),
        "key.account: must not contain a colon"
    );
    let k = |f: fn(&mut OtpauthKeyInput)| {
        let mut k = input(secret, None, "a");
        f(&mut k);
        k
    };
    assert_eq!(refused(k(|k| k.digits = Some(5.0))), KEY_DIGITS);
    assert_eq!(refused(k(|k| k.digits = Some(6.5))), KEY_DIGITS);
    assert_eq!(refused(k(|k| k.period = Some(0.0))), KEY_PERIOD);
    assert_eq!(refused(k(|k| k.period = Some(f64::NAN))), KEY_PERIOD);
}

#[test]
fn round_trips() {
    let names = [
        (Some("Example"), "alice@google.com"),
        (Some("ACME Co"), "john.doe@email.com"),
        (None, "bob"),
        (Some("Ünïcödé & Søns / 100%"), "o'brien+tag@example.com"),
        (Some("[DEFAULT]"), "a b#c?d=e&f"),
    ];
    let algorithms = [
        TotpAlgorithm::Sha1,
        TotpAlgorithm::Sha256,
        TotpAlgorithm::Sha512,
    ];
    for (i, (issuer, account)) in names.into_iter().enumerate() {
        for (j, algorithm) in algorithms.into_iter().enumerate() {
            let digits = 6 + (i + j) as u32 % 3;
            let period = [30, 60, 1, 3600, 15][i];
            let written = OtpauthKeyInput {
                algorithm: Some(algorithm),
                digits: Some(f64::from(digits)),
                period: Some(f64::from(period)),
                ..input("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", issuer, account)
            };
            let uri = otpauth_uri(&written).unwrap();
            let read = key(&uri);
            let want = OtpauthKey {
                secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".into(),
                issuer: issuer.map(str::to_string),
                account: Some(account.into()),
                algorithm,
                digits,
                period,
            };
            assert_eq!(read, want, "{uri}");
            // And back: the same URI again.
            let again = OtpauthKeyInput {
                secret: read.secret.clone(),
                issuer: read.issuer.clone(),
                account: read.account.clone().unwrap_or_default(),
                algorithm: Some(read.algorithm),
                digits: Some(f64::from(read.digits)),
                period: Some(f64::from(read.period)),
            };
            assert_eq!(otpauth_uri(&again).unwrap(), uri);
            // The URI and its secret give the same code.
            let o = TotpOptions {
                timestamp: Some(1_700_000_000_000.0),
                ..Default::default()
            };
            let by_uri = totp(&uri, &o, 0.0).unwrap();
            let by_hand = TotpOptions {
                digits: Some(f64::from(digits)),
                period: Some(f64::from(period)),
                algorithm: Some(algorithm),
                ..o
            };
            assert_eq!(by_uri, totp(&read.secret, &by_hand, 0.0).unwrap());
        }
    }
}

#[test]
fn otpauth_key_input_is_read_from_js_shapes() {
    let read = |s: &str| OtpauthKeyInput::from_json(&Json::parse(s).unwrap());
    let k = read(r#"{"secret":"JBSWY3DPEHPK3PXP","issuer":"Acme","account":"bob","algorithm":"SHA256","digits":8,"period":60}"#).unwrap();
    assert_eq!(
        (
            k.issuer.as_deref(),
            k.account.as_str(),
            k.algorithm,
            k.digits,
            k.period
        ),
        (
            Some("Acme"),
            "bob",
            Some(TotpAlgorithm::Sha256),
            Some(8.0),
            Some(60.0)
        )
    );
    let e = |json: &str| read(json).unwrap_err().message.into_owned();
    assert_eq!(e(r#"{"account":"bob"}"#), "key.secret: is required");
    assert_eq!(
        e(r#"{"secret":"JBSWY3DPEHPK3PXP"}"#),
        "key.account: is required"
    );
    assert_eq!(
        e(r#"{"secret":5,"account":"bob"}"#),
        "key.secret: must be a string"
    );
    assert_eq!(
        e(r#"{"secret":"S","account":"bob","algorithm":"sha1"}"#),
        KEY_ALGORITHM
    );
    assert_eq!(
        e(r#"{"secret":"S","account":"bob","digits":"6"}"#),
        KEY_DIGITS
    );
    assert_eq!(
        e(r#"{"secret":"S","account":"bob","period":true}"#),
        KEY_PERIOD
    );
    assert_eq!(
        e(r#"{"secret":"S","account":"bob","label":"x"}"#),
        "key: unknown field `label`"
    );
    assert_eq!(e(r#""otpauth://""#), "key: must be an object");
}
