//! Riffyn's wire shapes (camelCase JSON). Answers are read through the crate's [`Json`] tree:
//! every field is optional (but of its documented type when given) and unknown fields are ignored, because the API is only loosely
//! specified (digest §3.4) and Riffyn mirrors Okta's Authn. Only the factor lists have a
//! shape to check.

use crate::json::Json;

/// Whether each of `keys` of `object` is a string or absent: never coerced (a number is not an
/// access token), a field of another type makes the answer `bad_response`.
pub(crate) fn typed(object: &Json, keys: &[&str]) -> bool {
    keys.iter().all(|k| object.get(k).opt_str().is_ok())
}

/// The string fields of a factor.
const FACTOR_FIELDS: [&str; 4] = ["id", "factorType", "provider", "vendorName"];

/// A factor list: absent or `null`, or an array of factor objects (their fields strings when
/// given) whose `profile` is absent, `null` or an object. `Err` for any other shape.
fn factor_list(value: &Json) -> Result<Option<&[Json]>, ()> {
    let items = match value {
        Json::Null => return Ok(None),
        Json::Arr(items) => items,
        _ => return Err(()),
    };
    let well_formed = |f: &Json| {
        let profile = f.get("profile");
        f.is_object()
            && typed(f, &FACTOR_FIELDS)
            && matches!(profile, Json::Null | Json::Obj(_))
            && typed(profile, &["credentialId"])
    };
    if items.iter().all(well_formed) {
        Ok(Some(items))
    } else {
        Err(())
    }
}

/// The factors of an `AuthResponse`: `factors`, else Okta's `_embedded.factors` or
/// `_embedded.factor`, else none. `Err` when the body is not an object or one of these is of
/// the wrong shape (the answer is then not an auth response).
pub(crate) fn factors(body: &Json) -> Result<&[Json], ()> {
    let embedded = body.get("_embedded");
    if !body.is_object() || !matches!(embedded, Json::Null | Json::Obj(_)) {
        return Err(());
    }
    let own = factor_list(body.get("factors"))?;
    let okta = factor_list(embedded.get("factors"))?;
    let okta_one = factor_list(embedded.get("factor"))?;
    Ok(own.or(okta).or(okta_one).unwrap_or_default())
}
