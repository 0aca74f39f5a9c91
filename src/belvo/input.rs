//! Reading the caller's untyped inputs (JS objects, as [`Json`]) into Belvo's typed inputs,
//! field by field with the crate's one field reader, so that every refusal names the field:
//! wrong types, missing and unknown fields are `invalid_input` before anything is sent.
//! Messages name the fields of `input` bare (`username: must be a string`) and those of a step
//! with their path (`challenge.tokenGenerationData.expectsUserInput: …`).

use super::model::{
    BelvoRegisterLinkInput, BelvoResource, BelvoResumeInput, BelvoRetrieveInput, BelvoScalar,
    BelvoTokenGenerationData, BelvoTokenRequired, TokenRequiredStatus,
};
use crate::error::{Error, Result};
use crate::input::{type_error, Field, Fields, Kind};
use crate::json::Json;
use crate::prelude::*;

use Kind::{Bool, Num, Obj, Str};

/// Reads the input of `registerLink`.
///
/// # Errors
/// `invalid_input` naming the field: not an object, a missing `institution`/`username`, a
/// wrong type, an unknown field, an `accessMode` other than `"single"`/`"recurrent"`.
pub fn register_input(value: &Json) -> Result<BelvoRegisterLinkInput> {
    BelvoRegisterLinkInput::from_json(value)
}

/// Reads the input of `retrieve`: the named fields, and scalar extras kept as given, in the
/// caller's order (their names are checked and turned to snake_case when the request is built).
///
/// # Errors
/// `invalid_input` naming the field: not an object, no `link`, a wrong type, an extra that is
/// an object, an array or not a finite number.
pub fn retrieve_input(value: &Json) -> Result<BelvoRetrieveInput> {
    let f = Fields::of(value, "input", "")?;
    f.check(BelvoRetrieveInput::SCHEMA, false)?;
    let mut extra = Vec::new();
    for (key, v) in f.all() {
        if BelvoRetrieveInput::SCHEMA
            .iter()
            .any(|(name, _, _)| name == key)
        {
            continue;
        }
        let scalar = match v {
            Json::Null => BelvoScalar::Null,
            Json::Bool(b) => BelvoScalar::Bool(*b),
            Json::Num(n) if n.is_finite() => BelvoScalar::Number(*n),
            Json::Str(s) => BelvoScalar::String(s.clone()),
            _ => {
                let key: String = key.chars().take(40).collect();
                return Err(type_error(
                    &key,
                    "a string, a finite number, a boolean or null",
                ));
            }
        };
        extra.push((key.clone(), scalar));
    }
    Ok(BelvoRetrieveInput {
        link: f.text("link").unwrap_or_default(),
        token: f.text("token"),
        save_data: f.flag("saveData"),
        date_from: f.text("dateFrom"),
        date_to: f.text("dateTo"),
        extra,
    })
}

/// Reads the `resource` argument of `retrieve`.
///
/// # Errors
/// `invalid_input` for anything but one of the eight resource names.
pub fn resource(value: &Json) -> Result<BelvoResource> {
    value
        .as_str()
        .and_then(BelvoResource::from_name)
        .ok_or_else(|| {
            Error::invalid_input(
                "resource: must be one of accounts, transactions, balances, owners, incomes, \
             invoices, recurring-expenses, risk-insights",
            )
        })
}

/// Reads the optional input of `resume` (`undefined` = `None`).
///
/// # Errors
/// `invalid_input`: not an object, a wrong type, an unknown field.
pub fn resume_input(value: Option<&Json>) -> Result<BelvoResumeInput> {
    match value.filter(|v| !v.is_null()) {
        Some(value) => BelvoResumeInput::from_json(value),
        None => Ok(BelvoResumeInput::default()),
    }
}

const CHALLENGE: [Field; 8] = [
    ("session", Str, true),
    ("link", Str, true),
    ("expiresAt", Str, true),
    ("expirySeconds", Num, true),
    ("message", Str, false),
    ("requestId", Str, false),
    ("tokenGenerationData", Obj, false),
    ("resumePath", Str, true),
];

const TOKEN_DATA: [Field; 4] = [
    ("type", Str, false),
    ("value", Str, false),
    ("instructions", Str, false),
    ("expectsUserInput", Bool, false),
];

/// Reads a `TOKEN_REQUIRED` step given back to `resume` (e.g. after `JSON.stringify`/`parse`).
/// Unknown fields are ignored: applications may keep their own next to Belvo's.
/// A missing `tokenGenerationData.expectsUserInput` reads as `true` (Belvo's default).
///
/// # Errors
/// `invalid_input` naming the field: a `status` other than `"TOKEN_REQUIRED"`, a missing or
/// mistyped field.
pub fn challenge(value: &Json) -> Result<BelvoTokenRequired> {
    let f = Fields::of(value, "challenge", "challenge.")?;
    if f.text("status").as_deref() != Some("TOKEN_REQUIRED") {
        return Err(Error::invalid_input(
            "challenge.status: must be \"TOKEN_REQUIRED\" (a step that asks for a token)",
        ));
    }
    f.check(&CHALLENGE, false)?;
    let expiry_seconds = match f.num("expirySeconds") {
        Some(n) if n.is_finite() && n >= 0.0 => n.min(f64::from(u32::MAX)) as u32,
        _ => return Err(type_error("challenge.expirySeconds", "a number >= 0")),
    };
    let token_generation_data = match f.get("tokenGenerationData") {
        Some(tgd) => {
            let g = Fields::of(
                tgd,
                "challenge.tokenGenerationData",
                "challenge.tokenGenerationData.",
            )?;
            g.check(&TOKEN_DATA, false)?;
            Some(BelvoTokenGenerationData {
                kind: g.text("type"),
                value: g.text("value"),
                instructions: g.text("instructions"),
                expects_user_input: g.flag("expectsUserInput").unwrap_or(true),
            })
        }
        None => None,
    };
    Ok(BelvoTokenRequired {
        status: TokenRequiredStatus::TokenRequired,
        session: f.text("session").unwrap_or_default(),
        link: f.text("link").unwrap_or_default(),
        expires_at: f.text("expiresAt").unwrap_or_default(),
        expiry_seconds,
        message: f.text("message"),
        request_id: f.text("requestId"),
        token_generation_data,
        resume_path: f.text("resumePath").unwrap_or_default(),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::belvo::model::BelvoAccessMode;
    use crate::MfaErrorCode;
    use serde_json::{json, Value};

    /// What the wasm boundary builds from a JS value (JSON here).
    pub(crate) fn from_json(v: &Value) -> Json {
        Json::parse(&v.to_string()).unwrap()
    }

    fn refused<T: core::fmt::Debug>(r: Result<T>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.code, MfaErrorCode::InvalidInput);
        e.message.into_owned()
    }

    #[test]
    fn register_input_is_read_and_checked() {
        let ok = register_input(&from_json(&json!({
            "institution": "numeric_mx_bank", "username": "bnk100", "password": "full",
            "accessMode": "recurrent", "fetchHistorical": false, "externalId": null
        })))
        .unwrap();
        assert_eq!(ok.access_mode, Some(BelvoAccessMode::Recurrent));
        assert_eq!(ok.fetch_historical, Some(false));
        assert_eq!(ok.external_id, None);

        let m = refused(register_input(&from_json(&json!({"institution": "x"}))));
        assert!(m.contains("username") && m.contains("required"), "{m}");
        let m = refused(register_input(&from_json(
            &json!({"institution": "x", "username": 5}),
        )));
        assert_eq!(m, "username: must be a string");
        let m = refused(register_input(&from_json(
            &json!({"institution": "x", "username": "u", "save_data": true}),
        )));
        assert!(m.contains("unknown field `save_data`"), "{m}");
        let m = refused(register_input(&from_json(
            &json!({"institution": "x", "username": "u", "accessMode": "sometimes"}),
        )));
        assert!(m.starts_with("accessMode:"), "{m}");
        let m = refused(register_input(&from_json(
            &json!({"institution": "x", "username": "u", "fetchHistorical": "yes"}),
        )));
        assert_eq!(m, "fetchHistorical: must be a boolean");
        let m = refused(register_input(&Json::Str("hunter2".into())));
        assert_eq!(m, "input: must be an object");
        let m = refused(register_input(&from_json(
            &json!({"institution": "x", "username": "u", "password": ["hunter2"]}),
        )));
        assert!(!m.contains("hunter2"), "{m}");
    }

    #[test]
    fn retrieve_input_keeps_scalar_extras() {
        let input = retrieve_input(&from_json(&json!({
            "link": "l", "saveData": false, "dateFrom": "2026-01-01",
            "account": "a", "attachXml": true, "page": 2, "type": null
        })))
        .unwrap();
        assert_eq!(input.save_data, Some(false));
        assert_eq!(input.extra.len(), 4);
        let extra = |k: &str| {
            input
                .extra
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(extra("page"), Some(BelvoScalar::Number(2.0)));
        assert_eq!(extra("type"), Some(BelvoScalar::Null));
        assert_eq!(input.extra[0].0, "account", "in the caller's order");
        let m = refused(retrieve_input(&from_json(
            &json!({"link": "l", "filters": {"a": 1}}),
        )));
        assert!(m.starts_with("filters: must be"), "{m}");
        let m = refused(retrieve_input(&from_json(
            &json!({"link": "l", "ids": [1]}),
        )));
        assert!(m.starts_with("ids: must be"), "{m}");
        let nan = Json::Obj(vec![
            ("link".into(), Json::Str("l".into())),
            ("n".into(), Json::Num(f64::NAN)),
        ]);
        assert!(refused(retrieve_input(&nan)).starts_with("n: must be"));
        assert_eq!(
            refused(retrieve_input(&from_json(&json!({})))),
            "link: is required"
        );
        assert_eq!(
            refused(retrieve_input(&from_json(
                &json!({"link": "l", "saveData": "true"})
            ))),
            "saveData: must be a boolean"
        );
    }

    #[test]
    fn resource_names() {
        assert_eq!(
            resource(&Json::Str("recurring-expenses".into())).unwrap(),
            BelvoResource::RecurringExpenses
        );
        for bad in [
            Json::Str("links".into()),
            Json::Str("Accounts".into()),
            Json::Str("../accounts".into()),
            Json::Num(1.0),
        ] {
            assert!(refused(resource(&bad)).starts_with("resource:"));
        }
    }

    #[test]
    fn resume_input_is_optional_and_strict() {
        assert_eq!(resume_input(None).unwrap(), BelvoResumeInput::default());
        assert_eq!(
            resume_input(Some(&Json::Null)).unwrap(),
            BelvoResumeInput::default()
        );
        let r = resume_input(Some(&from_json(
            &json!({"token": "123456", "saveData": true}),
        )))
        .unwrap();
        assert_eq!(
            (r.token.as_deref(), r.save_data),
            (Some("123456"), Some(true))
        );
        assert!(refused(resume_input(Some(&from_json(&json!({"otp": "1"}))))).contains("`otp`"));
        assert_eq!(
            refused(resume_input(Some(&Json::Str("123456".into())))),
            "input: must be an object"
        );
        assert_eq!(
            refused(resume_input(Some(&from_json(&json!({"token": 123456}))))),
            "token: must be a string"
        );
    }

    fn step_json() -> Value {
        json!({
            "status": "TOKEN_REQUIRED", "session": "s", "link": "l",
            "expiresAt": "2026-01-01T00:10:00.000Z", "expirySeconds": 600,
            "tokenGenerationData": {"type": "numeric", "value": "12345", "expectsUserInput": true},
            "resumePath": "/api/links/", "myAppField": {"nested": [1, 2]}
        })
    }

    #[test]
    fn challenge_ignores_unknown_fields_and_checks_known_ones() {
        let c = challenge(&from_json(&step_json())).unwrap();
        assert_eq!(c.session, "s");
        assert_eq!(c.expiry_seconds, 600);
        assert_eq!(
            c.token_generation_data.unwrap().kind.as_deref(),
            Some("numeric")
        );

        let mut v = step_json();
        v["tokenGenerationData"] = json!({});
        let c = challenge(&from_json(&v)).unwrap();
        assert!(c.token_generation_data.unwrap().expects_user_input);

        for (field, value, expect) in [
            ("status", json!("SUCCESS"), "challenge.status"),
            ("session", json!(null), "challenge.session: is required"),
            ("link", json!(5), "challenge.link: must be a string"),
            (
                "expirySeconds",
                json!("600"),
                "challenge.expirySeconds: must be",
            ),
            (
                "expirySeconds",
                json!(-1),
                "challenge.expirySeconds: must be",
            ),
            (
                "tokenGenerationData",
                json!("qr"),
                "challenge.tokenGenerationData: must be an object",
            ),
            (
                "tokenGenerationData",
                json!({"expectsUserInput": "no"}),
                "challenge.tokenGenerationData.expectsUserInput: must be a boolean",
            ),
        ] {
            let mut v = step_json();
            v[field] = value;
            let m = refused(challenge(&from_json(&v)));
            assert!(m.starts_with(expect), "{field}: {m}");
        }
        let mut v = step_json();
        v.as_object_mut().unwrap().remove("resumePath");
        assert_eq!(
            refused(challenge(&from_json(&v))),
            "challenge.resumePath: is required"
        );
        assert_eq!(
            refused(challenge(&Json::Arr(vec![]))),
            "challenge: must be an object"
        );
    }
}
