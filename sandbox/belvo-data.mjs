// Belvo response objects: Link and small, plausible data-resource objects.
import { createHash } from "node:crypto";
import { iso, uuid } from "./util.mjs";
import { INSTITUTIONS } from "./belvo-institutions.mjs";

// The id of the (fake) dashboard user that owns the sandbox API keys.
const CREATED_BY = "5b2c1f0e-8a7d-4e6b-9c3a-1d2e3f4a5b6c";

/** A new Link object for a register request (status is set by the caller's flow). */
export function newLink(body, t) {
  const accessMode = body.access_mode ?? "single";
  return {
    id: uuid(),
    institution: body.institution,
    access_mode: accessMode,
    status: "valid",
    created_at: iso(t),
    external_id: body.external_id ?? null,
    institution_user_id: createHash("sha256").update(`${body.institution}:${body.username}`).digest("base64url").slice(0, 43) + "=",
    created_by: CREATED_BY,
    last_accessed_at: iso(t),
    refresh_rate: accessMode === "recurrent" ? "24h" : null,
    credentials_storage: body.credentials_storage ?? "store",
    fetch_resources: body.fetch_resources ?? ["ACCOUNTS", "OWNERS", "TRANSACTIONS"],
    stale_in: body.stale_in ?? "365d",
  };
}

function institutionRef(link) {
  return { name: link.institution, type: "bank" };
}

function account(link, t, i) {
  const checking = i === 0;
  return {
    id: uuid(),
    link: link.id,
    institution: institutionRef(link),
    collected_at: iso(t),
    created_at: iso(t),
    category: checking ? "CHECKING_ACCOUNT" : "SAVINGS_ACCOUNT",
    balance_type: "ASSET",
    type: checking ? "Cuentas de efectivo" : "Cuenta de ahorro",
    name: checking ? "Cuenta Perfiles- M.N. - MXN-666" : "Ahorro Plus - MXN-777",
    number: checking ? "4057068115181" : "4057068115182",
    agency: null,
    bank_product_id: checking ? "1" : "2",
    internal_identification: checking ? "1" : "2",
    public_identification_name: "CLABE",
    public_identification_value: checking ? "150194683119900273" : "150194683119900274",
    last_accessed_at: iso(t),
    currency: "MXN",
    balance: { current: checking ? 5874.13 : 12500.0, available: checking ? 5621.12 : 12500.0 },
    credit_data: null,
    loan_data: null,
    funds_data: null,
    receivables_data: null,
  };
}

const day = (t, back) => iso(t - back * 86_400_000).slice(0, 10);

/** The objects a data resource returns for a link (arrays, as Belvo answers). */
export function resourceObjects(resource, link, t) {
  const accounts = [account(link, t, 0), account(link, t, 1)];
  const base = () => ({ id: uuid(), link: link.id, collected_at: iso(t), created_at: iso(t) });
  switch (resource) {
    case "accounts":
      return accounts;
    case "transactions":
      return [
        { ...base(), account: accounts[0], value_date: day(t, 2), accounting_date: iso(t - 2 * 86_400_000), amount: 2145.45, balance: 16907.96, currency: "MXN", description: "SUPER MERCADO LA PLAYA", observations: null, merchant: { name: "La Playa", website: null, logo: null }, category: "Food & Groceries", subcategory: null, reference: "8703", type: "OUTFLOW", status: "PROCESSED", internal_identification: "t-1", credit_card_data: null },
        { ...base(), account: accounts[0], value_date: day(t, 5), accounting_date: iso(t - 5 * 86_400_000), amount: 18000.0, balance: 19053.41, currency: "MXN", description: "NOMINA EMPRESA SA DE CV", observations: null, merchant: null, category: "Income & Payments", subcategory: null, reference: "1201", type: "INFLOW", status: "PROCESSED", internal_identification: "t-2", credit_card_data: null },
      ];
    case "balances":
      return accounts.map((a) => ({ ...base(), account: a, value_date: day(t, 0), current_balance: a.balance.current, balance: a.balance.current, currency: "MXN" }));
    case "owners":
      return [{ ...base(), internal_identification: "owner-1", display_name: "Jane Doe", first_name: "Jane", last_name: "Doe", second_last_name: null, email: "jane.doe@example.com", phone_number: "+52-5555555555", address: "Av. Reforma 222, Ciudad de México", document_id: { document_type: "CURP", document_number: "DOEJ800101MDFXXX01" } }];
    case "incomes":
      return [{ ...base(), account: accounts[0], currency: "MXN", income_streams: [{ account_id: accounts[0].id, stream_type: "REGULAR", frequency: "MONTHLY", monthly_average: 18000.0, average_income_amount: 18000.0, last_income_amount: 18000.0, last_income_description: "NOMINA EMPRESA SA DE CV", last_income_date: day(t, 5), confidence: "HIGH", income_type: "SALARY" }], sources: 1, first_transaction_date: day(t, 365), last_transaction_date: day(t, 5), number_of_income_streams: 1, monthly_average: 18000.0 }];
    case "recurring-expenses":
      return [{ ...base(), account: accounts[0], name: "NETFLIX", transactions: [{ amount: 199.0, value_date: day(t, 10), description: "NETFLIX.COM" }], frequency: "MONTHLY", average_transaction_amount: 199.0, median_transaction_amount: 199.0, days_since_last_transaction: 10, category: "Subscriptions", payment_type: "SUBSCRIPTION" }];
    case "risk-insights":
      return [{ ...base(), balances_metrics: { sum_positive_balance: 18374.13, sum_negative_balance: 0, min_balance: 5621.12, max_balance: 12500.0, closing_balance: 18374.13, days_balance_below_0_7d: 0, days_balance_below_0_30d: 0, days_balance_below_0_90d: 0 }, cashflow_metrics: { sum_positive_30d: 18000.0, sum_negative_30d: 2145.45, positive_to_negative_ratio_30d: 8.39, net_cash_flow_30d: 15854.55 }, credit_cards_metrics: null, loans_metrics: null }];
    case "invoices":
      return [{ ...base(), invoice_identification: "7F0A8E4C-0C0A-4F4E-9C2D-2B5D0E6C1A11", invoice_date: day(t, 20), status: "Vigente", invoice_type: "INFLOW", type: "INFLOW", sender_id: "AAA010101AAA", sender_name: "ACME SA DE CV", receiver_id: "BBB020202BBB", receiver_name: "Jane Doe", currency: "MXN", subtotal_amount: 1000.0, tax_amount: 160.0, total_amount: 1160.0, invoice_details: [], payments: [] }];
    default:
      return [];
  }
}

export const DATA_RESOURCES = ["accounts", "transactions", "balances", "owners", "incomes", "invoices", "recurring-expenses", "risk-insights"];
export { INSTITUTIONS };
