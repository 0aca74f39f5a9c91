#![no_main]
//! The caller-input converters and request builders on arbitrary JSON: Belvo's field-by-field
//! readers (`Json`), OneLogin's and Riffyn's serde inputs, ids, and every `build_*`.
use libfuzzer_sys::fuzz_target;
use mfa_flows::belvo;
use mfa_flows::config::ClientConfig;
use mfa_flows::json::Json;
use mfa_flows::onelogin::{self, DeviceId, UserId};
use mfa_flows::riffyn;
use serde_json::Value;

const NOW: f64 = 1_767_225_600_000.0;

fn input_value(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::Num(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Json::Str(s.clone()),
        Value::Array(items) => Json::Arr(items.iter().map(input_value).collect()),
        Value::Object(m) => Json::Obj(m.iter().map(|(k, v)| (k.clone(), input_value(v))).collect()),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let text = value.to_string();
    let Ok(config) = ClientConfig::new("https://x.test/api", vec![], false) else {
        return;
    };
    let keys = belvo::BelvoKeys::new("sid", "spw").ok();
    let iv = input_value(&value);
    if let Ok(i) = belvo::input::register_input(&iv) {
        let _ = belvo::flow::build_register(&config, keys.as_ref(), &i);
    }
    if let Ok(i) = belvo::input::retrieve_input(&iv) {
        let _ = belvo::flow::build_retrieve(&config, None, belvo::BelvoResource::Owners, &i);
    }
    let _ = belvo::input::resource(&iv);
    let resume = belvo::input::resume_input(Some(&iv));
    if let Ok(c) = belvo::input::challenge(&iv) {
        let input = resume.unwrap_or_default();
        let _ = belvo::flow::build_resume(&config, keys.as_ref(), &c, &input, NOW);
    }
    let user = UserId::new(value.get("userId").and_then(Value::as_f64).unwrap_or(1.0));
    let device = match value.get("deviceId") {
        Some(Value::String(s)) => DeviceId::from_text(s),
        Some(v) => DeviceId::from_number(v.as_f64().unwrap_or(f64::NAN)),
        None => DeviceId::from_number(0.0),
    };
    // The readers of the inputs, as the module runs them: JSON text → Json tree → from_json.
    let tree = mfa_flows::json::Json::parse(&text);
    if let (Ok(user), Ok(device)) = (user, device) {
        use onelogin::flow::*;
        if let Some(i) = tree
            .as_ref()
            .and_then(|j| onelogin::OneLoginEnrollInput::from_json(j).ok())
        {
            let _ = build_enroll(&config, user, &i);
        }
        if let Some(i) = tree
            .as_ref()
            .and_then(|j| onelogin::OneLoginActivateInput::from_json(j).ok())
        {
            let _ = build_activate(&config, user, &device, &i);
        }
        if let Some(i) = tree
            .as_ref()
            .and_then(|j| onelogin::OneLoginVerifyInput::from_json(j).ok())
        {
            let _ = build_verify(&config, user, &device, &i, NOW);
        }
        if let Some(i) = tree
            .as_ref()
            .and_then(|j| onelogin::OneLoginMfaTokenInput::from_json(j).ok())
        {
            let _ = build_mfa_token(&config, user, &i);
        }
        if let Some(a) = tree
            .as_ref()
            .and_then(|j| onelogin::OneLoginActivation::from_json(j).ok())
        {
            let _ = check_not_expired(&a.expires_at, NOW);
        }
    }
    if let Some(i) = tree
        .as_ref()
        .and_then(|j| riffyn::RiffynCredentials::from_json(j).ok())
    {
        let _ = riffyn::flow::build_login(&config, &i);
    }
    if let Some(i) = tree
        .as_ref()
        .and_then(|j| riffyn::RiffynVerifyInput::from_json(j).ok())
    {
        let _ = riffyn::flow::build_verify(&config, &i, NOW);
    }
});
