//! Riffyn's wire shapes (camelCase JSON). Answers are read through the crate's [`Json`] tree:
//! every field is optional (but of its documented type when given) and unknown fields are ignored, because the API is only loosely
//! specified (digest §3.4) and Riffyn mirrors Okta's Authn. Only the factor lists have a
//! shape to check.

use crate::json::{Json, WrongType};

/// A string field: absent or `null` is `None`; any other type is `Err` (never coerced: a
/// number is not an access token).
pub(crate) fn text(value: &Json) -> Result<Option<String>, WrongType> {
    value.opt_str().map(|s| s.map(str::to_string))
}

/// A factor list: absent or `null`, or an array of factor objects whose `profile` is absent,
/// `null` or an object. `Err` for any other shape.
fn factor_list(value: &Json) -> Result<Option<&[Json]>, ()> {
    let items = match value {
        Json::Null => return Ok(None),
        Json::Arr(items) => items,
        _ => return Err(()),
    };
    let well_formed =
        |f: &Json| f.is_object() && matches!(f.get("profile"), Json::Null | Json::Obj(_));
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
