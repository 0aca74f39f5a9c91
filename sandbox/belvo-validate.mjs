// DRF-like validation of Belvo request bodies. Unknown fields are refused (real Belvo ignores
// them) so that casing bugs such as `saveData` or `accessMode` show up in tests.
import { INSTITUTIONS } from "./belvo-institutions.mjs";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESOURCE_NAMES = ["ACCOUNTS", "OWNERS", "TRANSACTIONS", "BALANCES", "INCOMES", "RECURRING_EXPENSES", "RISK_INSIGHTS", "INVOICES"];

const err = (field, code, message) => ({ field, code, message });

/** Field checkers: return an error (without field) or undefined. */
const TYPES = {
  string: (v) => (typeof v !== "string" ? ["invalid", "Not a valid string."] : v.trim() === "" ? ["blank", "This field may not be blank."] : undefined),
  bool: (v) => (typeof v !== "boolean" ? ["invalid", "Must be a valid boolean."] : undefined),
  uuid: (v) => (typeof v !== "string" || !UUID_RE.test(v) ? ["invalid", "Must be a valid UUID."] : undefined),
  date: (v) => (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)) ? ["invalid", "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."] : undefined),
  institution: (v) => (typeof v !== "string" || !/^[a-z]+_[a-z]{2}_[a-z]+$/.test(v) || !INSTITUTIONS[v] ? ["does_not_exist", `Object with name=${String(v)} does not exist.`] : undefined),
  credentials_storage: (v) => (typeof v !== "string" || !/^(store|nostore|\d+d)$/.test(v) ? ["invalid_choice", `"${String(v)}" is not a valid choice.`] : undefined),
  stale_in: (v) => (typeof v !== "string" || !/^\d+d$/.test(v) ? ["invalid", "Must be a number of days such as \"365d\"."] : undefined),
  fetch_resources: (v) => (!Array.isArray(v) || v.some((x) => !RESOURCE_NAMES.includes(x)) ? ["invalid_choice", `Each item must be one of ${RESOURCE_NAMES.join(", ")}.`] : undefined),
};
const choice = (options) => (v) => (!options.includes(v) ? ["invalid_choice", `"${String(v)}" is not a valid choice.`] : undefined);

const req = (type) => ({ type, required: true });
const opt = (type) => ({ type, required: false });

const RETRIEVE = { link: req("uuid"), token: opt("string"), save_data: opt("bool") };
const DATED = { ...RETRIEVE, date_from: req("date"), date_to: req("date"), account: opt("uuid") };
const RESUME_LINK = { session: req("string"), link: req("uuid"), token: opt("string") };

/** Body schemas by operation. Keys are the wire names, in the order errors are reported. */
export const SCHEMAS = {
  register: {
    institution: req("institution"),
    username: req("string"),
    password: opt("string"),
    username2: opt("string"),
    username3: opt("string"),
    password2: opt("string"),
    token: opt("string"),
    external_id: opt("string"),
    access_mode: opt(choice(["single", "recurrent"])),
    fetch_historical: opt("bool"),
    credentials_storage: opt("credentials_storage"),
    stale_in: opt("stale_in"),
    fetch_resources: opt("fetch_resources"),
    username_type: opt("string"),
    certificate: opt("string"),
    private_key: opt("string"),
    save_data: opt("bool"), // not in LinksRequest, but belvo-python always sends it (digest §1.2)
  },
  resumeLink: RESUME_LINK, // PatchBodyWithoutSaveData
  resumeData: { ...RESUME_LINK, save_data: opt("bool") }, // PatchBody
  accounts: RETRIEVE,
  owners: RETRIEVE,
  "recurring-expenses": RETRIEVE,
  "risk-insights": RETRIEVE,
  transactions: DATED,
  balances: DATED,
  incomes: { ...RETRIEVE, date_from: opt("date"), date_to: opt("date") },
  invoices: { ...RETRIEVE, date_from: req("date"), date_to: req("date"), type: req(choice(["INFLOW", "OUTFLOW"])), attach_xml: opt("bool") },
};

/**
 * Validates a parsed body against a schema. Returns { errors, data } where `data` holds the
 * known fields with nulls of optional fields dropped (clients such as belvo-python send
 * `"token": null` on resume).
 */
export function validate(body, schema) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    const got = Array.isArray(body) ? "list" : body === null ? "null" : typeof body;
    return { errors: [err("non_field_errors", "invalid", `Invalid data. Expected a dictionary, but got ${got}.`)], data: {} };
  }
  const errors = [];
  for (const key of Object.keys(body)) {
    if (!(key in schema)) {
      const message = key === "save_data" ? "This field is not allowed on this endpoint." : "Unknown field.";
      errors.push(err(key, "invalid", message));
    }
  }
  const data = {};
  for (const [key, rule] of Object.entries(schema)) {
    const value = body[key];
    if (value === undefined || (value === null && !rule.required)) {
      if (rule.required) errors.push(err(key, "required", "This field is required."));
      continue;
    }
    if (value === null) {
      errors.push(err(key, "null", "This field may not be null."));
      continue;
    }
    const check = typeof rule.type === "function" ? rule.type : TYPES[rule.type];
    const problem = check(value);
    if (problem) errors.push(err(key, problem[0], problem[1]));
    else data[key] = value;
  }
  return { errors, data };
}
