// The demo institutions and the MFA steps each one asks for (sandbox README, "Belvo").
// A step describes one 428 answer: its shape, its expiry and the token that resumes it.
import { digits, hex } from "./util.mjs";

const NUMERIC_INSTRUCTIONS = "Enter the challenge in your token device and type the code it shows";

/** A numeric challenge: the user types the 5-digit value into a token device and sends its code. */
function numeric(expectedToken, { expiry = 600, inputKey = "expects_user_input" } = {}) {
  return {
    kind: "numeric",
    expectedToken,
    expiry,
    // chained_co_bank spells the flag `expect_user_input` (the DevPortal spelling, digest Q-B2).
    tokenGenerationData: () => ({ type: "numeric", value: digits(5), instructions: NUMERIC_INSTRUCTIONS, [inputKey]: true }),
  };
}

/** A QR code scanned with the bank app; the PATCH carries no token. */
function qr(institution) {
  return {
    kind: "qr",
    expectedToken: null,
    expiry: 600,
    tokenGenerationData: (session) => ({
      type: "qr",
      value: `otpauth://belvo-sandbox/${institution}?session=${session}&challenge=${hex(8)}`,
      instructions: "Scan the QR code with your bank app",
      expects_user_input: false,
    }),
  };
}

/** The user confirms in the bank app; no type, no value, the PATCH carries no token. */
function inputless() {
  return {
    kind: "inputless",
    expectedToken: null,
    expiry: 600,
    tokenGenerationData: () => ({ instructions: "Confirm the login in your bank app", expects_user_input: false }),
  };
}

/**
 * A token of a type no SDK knows yet ("app_code", letters and digits): clients must still show a
 * generic code field, and the token resumes the login like any other.
 */
function appCode(expectedToken) {
  return {
    kind: "app_code",
    expectedToken,
    expiry: 600,
    tokenGenerationData: () => ({ type: "app_code", value: `REF-${digits(4)}`, expects_user_input: true }),
  };
}

/** The legacy single-object 428 ({"detail":"Token Required",…}) with no token_generation_data. */
function legacy(expectedToken) {
  return { kind: "legacy", expectedToken, expiry: 9600, tokenGenerationData: null };
}

/**
 * loginSteps: the 428s of POST /api/links/ (in order; each PATCH moves to the next one).
 * dataSteps: the 428s of POST /api/<resource>/ for a link of this institution.
 */
export const INSTITUTIONS = {
  erebor_mx_retail: { displayName: "Erebor Mexico", country: "MX", loginSteps: [], dataSteps: [] },
  numeric_mx_bank: { displayName: "Numeric Bank Mexico", country: "MX", loginSteps: [numeric("123456")], dataSteps: [numeric("123456")] },
  chained_co_bank: {
    displayName: "Chained Bank Colombia",
    country: "CO",
    loginSteps: [numeric("123456", { expiry: "720", inputKey: "expect_user_input" }), numeric("654321")],
    dataSteps: [numeric("123456")],
  },
  qrcode_br_bank: { displayName: "QR Code Bank Brazil", country: "BR", loginSteps: [qr("qrcode_br_bank")], dataSteps: [] },
  inputless_mx_bank: { displayName: "Inputless Bank Mexico", country: "MX", loginSteps: [inputless()], dataSteps: [] },
  legacy_mx_bank: { displayName: "Legacy Bank Mexico", country: "MX", loginSteps: [legacy("123456")], dataSteps: [numeric("123456")] },
  activation_mx_bank: { displayName: "Activation Bank Mexico", country: "MX", activationRequired: true, loginSteps: [], dataSteps: [] },
  appcode_mx_bank: { displayName: "App Code Bank Mexico", country: "MX", loginSteps: [appCode("K7Q2MX")], dataSteps: [] },
};

/** The institution objects of GET /api/institutions/. */
export function institutionList() {
  return Object.entries(INSTITUTIONS).map(([name, inst], i) => ({
    id: i + 1,
    name,
    type: "bank",
    code: name,
    website: null,
    display_name: inst.displayName,
    country_code: inst.country,
    country_codes: [inst.country],
    primary_color: "#056dae",
    logo: null,
    icon_logo: null,
    text_logo: null,
    form_fields: [
      { name: "username", type: "text", label: "Client number", validation: ".{1,}", placeholder: "bnk100", validation_message: "Invalid client number" },
      { name: "password", type: "password", label: "Password", validation: ".{1,}", placeholder: "full", validation_message: "Invalid password" },
    ],
    features: [],
    integration_type: "credentials",
    status: "healthy",
    resources: ["ACCOUNTS", "BALANCES", "INCOMES", "OWNERS", "RECURRING_EXPENSES", "RISK_INSIGHTS", "TRANSACTIONS"],
  }));
}
