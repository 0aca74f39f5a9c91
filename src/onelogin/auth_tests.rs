//! Credentials, the token request, and the token cache (reuse, expiry, one shared request).

use super::*;
use crate::testing::MockTransport;
use crate::testing::{join2, Yielding};

fn config() -> ClientConfig {
    crate::testing::config("https://acme.onelogin.com", &[])
}

fn token_answer(token: &str, expires_in: u64) -> HttpResponse {
    HttpResponse::new(
        200,
        format!(
            r#"{{"access_token":"{token}","created_at":"2026-01-01T00:00:00.000Z","expires_in":{expires_in},"refresh_token":"r","token_type":"bearer","account_id":555}}"#
        ),
    )
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// Two calls for a token side by side, over `ya` and `yb`: their results and wake-ups.
fn side_by_side(
    cache: &TokenCache,
    ya: &Yielding,
    yb: &Yielding,
) -> (Result<String>, Result<String>, usize, usize) {
    let cfg = config();
    join2(
        cache.get(ya, &cfg, "id", "s"),
        cache.get(yb, &cfg, "id", "s"),
    )
}

#[test]
fn credentials_need_at_most_one_form() {
    assert_eq!(
        Credentials::from_options(None, None, None).unwrap(),
        Credentials::Proxy
    );
    assert_eq!(
        Credentials::from_options(s("tok"), None, None).unwrap(),
        Credentials::AccessToken("tok".into())
    );
    assert!(matches!(
        Credentials::from_options(None, s("id"), s("secret")).unwrap(),
        Credentials::ClientCredentials { .. }
    ));
    for (t, i, sec) in [
        (s("tok"), s("id"), s("secret")),
        (s("tok"), s("id"), None),
        (None, s("id"), None),
        (None, None, s("secret")),
        (s(""), None, None),
        (s("a\nb"), None, None),
        (None, s(" "), s("secret")),
    ] {
        let e = Credentials::from_options(t, i, sec).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::InvalidInput);
        assert!(!e.message.contains("secret\"") && !e.message.contains("tok\""));
    }
}

#[test]
fn client_secret_is_refused_in_a_browser() {
    let cc = Credentials::from_options(None, s("id"), s("very-secret")).unwrap();
    assert_eq!(
        cc.check_browser(true, false).unwrap_err().code,
        MfaErrorCode::BrowserSecret
    );
    cc.check_browser(true, true).unwrap();
    cc.check_browser(false, false).unwrap();
    Credentials::AccessToken("t".into())
        .check_browser(true, false)
        .unwrap();
    let d = format!("{cc:?}{:?}", Credentials::AccessToken("tok-1".into()));
    assert!(!d.contains("very-secret") && !d.contains("tok-1") && !d.contains("id\""));
}

#[test]
fn token_request_is_basic_auth_with_a_json_grant() {
    let req = build_token_request(&config(), "sbx-client-id", "sbx-client-secret");
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://acme.onelogin.com/auth/oauth2/v2/token");
    assert_eq!(
        req.header_value("authorization"),
        Some(
            format!(
                "Basic {}",
                crate::http::base64(b"sbx-client-id:sbx-client-secret")
            )
            .as_str()
        )
    );
    assert_eq!(req.header_value("content-type"), Some("application/json"));
    assert_eq!(
        req.body.as_deref(),
        Some(r#"{"grant_type":"client_credentials"}"#)
    );
    assert!(req.secrets.iter().any(|s| s == "sbx-client-secret"));
}

#[test]
fn token_answers_are_read_leniently() {
    assert_eq!(
        parse_token(&token_answer("abc", 36000)).unwrap(),
        ("abc".into(), 36000)
    );
    let v1 = r#"{"status":{"error":false,"code":200,"type":"success","message":"Success"},
                "data":[{"access_token":"xyz","expires_in":"3600","token_type":"bearer"}]}"#;
    assert_eq!(
        parse_token(&HttpResponse::new(200, v1)).unwrap(),
        ("xyz".into(), 3600)
    );
    assert_eq!(
        parse_token(&HttpResponse::new(200, r#"{"access_token":"q"}"#)).unwrap(),
        ("q".into(), DEFAULT_TOKEN_SECS)
    );
    for hostile in [
        "",
        "{}",
        r#"{"access_token":5}"#,
        r#"{"access_token":"a b"}"#,
        r#"{"data":"x"}"#,
    ] {
        assert_eq!(
            parse_token(&HttpResponse::new(200, hostile))
                .unwrap_err()
                .code,
            MfaErrorCode::BadResponse
        );
    }
    let refused = r#"{"statusCode":401,"name":"InvalidCredentials","message":"Please provide valid credentials"}"#;
    let e = parse_token(&HttpResponse::new(401, refused)).unwrap_err();
    assert_eq!(
        (e.code, e.status),
        (MfaErrorCode::InvalidCredentials, Some(401))
    );
    assert_eq!(e.provider_code.as_deref(), Some("InvalidCredentials"));
    let e = parse_token(&HttpResponse::new(429, "").with_header("retry-after", "2")).unwrap_err();
    assert_eq!(
        (e.code, e.retry_after_ms),
        (MfaErrorCode::RateLimited, Some(2000))
    );
    assert_eq!(
        parse_token(&HttpResponse::new(503, "")).unwrap_err().code,
        MfaErrorCode::ServerError
    );
}

#[test]
fn reuse_window() {
    assert_eq!(reuse_ms(36_000), 35_940_000.0);
    assert_eq!(reuse_ms(100), 50_000.0);
    assert_eq!(reuse_ms(1), 1_000.0);
}

#[test]
fn the_token_is_cached_until_shortly_before_it_expires() {
    let t = MockTransport::new();
    let start = t.now_ms();
    t.push(token_answer("t1", 3600));
    t.push(token_answer("t2", 3600));
    let cache = TokenCache::new();
    let get = || pollster::block_on(cache.get(&t, &config(), "id", "secret"));
    assert_eq!(get().unwrap(), "t1");
    assert_eq!(get().unwrap(), "t1");
    t.set_now(start + 3_539_999.0); // 3600 s - 60 s margin - 1 ms
    assert_eq!(get().unwrap(), "t1");
    assert_eq!(t.requests().len(), 1);
    t.set_now(start + 3_540_000.0);
    assert_eq!(get().unwrap(), "t2");
    assert_eq!(t.requests().len(), 2);
}

#[test]
fn a_zero_life_token_is_used_once() {
    let t = MockTransport::answering([token_answer("t1", 0), token_answer("t2", 0)]);
    let cache = TokenCache::new();
    for fresh in ["t1", "t2"] {
        let got = pollster::block_on(cache.get(&t, &config(), "id", "s"));
        assert_eq!(got.unwrap(), fresh);
    }
}

#[test]
fn invalidate_forgets_only_the_refused_token() {
    let t = MockTransport::answering([token_answer("t1", 3600), token_answer("t2", 3600)]);
    let cache = TokenCache::new();
    let get = || pollster::block_on(cache.get(&t, &config(), "id", "s")).unwrap();
    assert_eq!(get(), "t1");
    cache.invalidate("something-else");
    assert_eq!(get(), "t1");
    cache.invalidate("t1");
    assert_eq!(get(), "t2");
    assert_eq!(t.requests().len(), 2);
}

#[test]
fn concurrent_calls_share_one_token_request() {
    let t = MockTransport::answering([token_answer("shared", 3600)]);
    let y = Yielding(&t);
    let cache = TokenCache::new();
    let (a, b, _, woken_b) = side_by_side(&cache, &y, &y);
    assert_eq!(
        (a.unwrap(), b.unwrap()),
        ("shared".to_string(), "shared".to_string())
    );
    assert_eq!(t.requests().len(), 1, "one token request for two calls");
    assert!(woken_b >= 1, "the waiting call was woken by the leader");
}

#[test]
fn a_failed_token_request_fails_every_waiter_once() {
    let t = MockTransport::new();
    t.push(HttpResponse::new(
        401,
        r#"{"status":{"code":401,"message":"Authentication Failure"}}"#,
    ));
    let y = Yielding(&t);
    let cache = TokenCache::new();
    let (a, b, _, _) = side_by_side(&cache, &y, &y);
    assert_eq!(a.unwrap_err().code, MfaErrorCode::InvalidCredentials);
    assert_eq!(b.unwrap_err().code, MfaErrorCode::InvalidCredentials);
    assert_eq!(t.requests().len(), 1);
}

#[test]
fn an_aborted_leader_lets_the_waiter_fetch_for_itself() {
    let (ta, tb) = (MockTransport::new(), MockTransport::new());
    ta.push_err(Error::new(MfaErrorCode::Aborted, "aborted"));
    tb.push(token_answer("mine", 3600));
    let (ya, yb) = (Yielding(&ta), Yielding(&tb));
    let cache = TokenCache::new();
    let (a, b, _, _) = side_by_side(&cache, &ya, &yb);
    assert_eq!(a.unwrap_err().code, MfaErrorCode::Aborted);
    assert_eq!(b.unwrap(), "mine");
    assert_eq!((ta.requests().len(), tb.requests().len()), (1, 1));
}

#[test]
fn a_dropped_leader_does_not_strand_the_cache() {
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    let t = MockTransport::answering([token_answer("late", 3600), token_answer("fresh", 3600)]);
    let y = Yielding(&t);
    let cache = TokenCache::new();
    let cfg = config();
    {
        let mut leader = std::pin::pin!(cache.get(&y, &cfg, "id", "s"));
        let pending = leader
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()));
        assert!(matches!(pending, Poll::Pending));
    } // dropped mid-request
    assert_eq!(
        pollster::block_on(cache.get(&t, &cfg, "id", "s")).unwrap(),
        "late"
    );
}
