//! The TypeScript type of `toChallenge`'s argument: the steps of the providers this module was
//! built with (cargo features), so that each entry's `.d.ts` names only types it declares. Each
//! provider adds its step to `MfaSteps` (interface merging); `MfaStep` is their union.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_STEP: &str = r#"
/** The steps of this module's providers, by provider: `MfaStep` is their union. */
export interface MfaSteps {}

/** A step `toChallenge` reads: any provider's step of this module. */
export type MfaStep = MfaSteps[keyof MfaSteps];
"#;

#[cfg(feature = "riffyn")]
#[wasm_bindgen(typescript_custom_section)]
const TS_RIFFYN: &str = "/** Riffyn's steps. */\nexport interface MfaSteps {\n  /** A Riffyn login or verify step. */\n  riffyn: RiffynStep;\n}";

#[cfg(feature = "belvo")]
#[wasm_bindgen(typescript_custom_section)]
const TS_BELVO: &str = "/** Belvo's steps. */\nexport interface MfaSteps {\n  /** A Belvo step (`TOKEN_REQUIRED` or `SUCCESS`). */\n  belvo: BelvoStep;\n}";

#[cfg(feature = "onelogin")]
#[wasm_bindgen(typescript_custom_section)]
const TS_ONELOGIN: &str = "/** OneLogin's steps. */\nexport interface MfaSteps {\n  /** A triggered OneLogin factor. */\n  onelogin: OneLoginActivation;\n}";
