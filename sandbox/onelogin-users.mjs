// OneLogin demo users, their devices and the factor catalogue (sandbox README, "OneLogin").
export const ONELOGIN_TOTP_SECRET = "JBSWY3DPEHPK3PXP";
export const CLIENT = { id: "sbx-client-id", secret: "sbx-client-secret" };
export const ACCOUNT_ID = 555555;

/** factor_id → what a device of that factor is. `kind` drives trigger/verify behaviour. */
export const FACTORS = {
  16282: { name: "OneLogin SMS", kind: "sms" },
  16283: { name: "OneLogin Voice", kind: "voice" },
  16284: { name: "Google Authenticator", kind: "totp" },
  16285: { name: "OneLogin Protect", kind: "push" },
};
/** The v1 enrolment API only enrols phone factors (digest §2.4 state machine, step A). */
export const ENROLLABLE_KINDS = ["sms", "voice"];

function device(id, userId, factorId, extra) {
  const factor = FACTORS[factorId];
  return {
    id,
    userId,
    factorId,
    kind: factor.kind,
    active: true,
    default: false,
    auth_factor_name: factor.name,
    type_display_name: factor.name,
    user_display_name: factor.name,
    needs_trigger: factor.kind !== "totp",
    ...extra,
  };
}

export function initialOneLoginUsers() {
  return new Map([
    [1001, {
      id: 1001,
      name: "alice",
      availableFactorIds: [16282, 16283],
      devices: [
        device(525001, 1001, 16284, { default: true, user_display_name: "Alice's Authenticator", secret: ONELOGIN_TOTP_SECRET }),
        device(526001, 1001, 16285, { user_display_name: "Alice's iPhone" }),
      ],
    }],
    [1002, { id: 1002, name: "bob", availableFactorIds: [16282, 16284], devices: [] }],
  ]);
}

/** The wire form of a device record (no internal fields, no state token). */
export function deviceView(d) {
  const view = {
    id: d.id,
    active: d.active,
    default: d.default,
    auth_factor_name: d.auth_factor_name,
    type_display_name: d.type_display_name,
    user_display_name: d.user_display_name,
    needs_trigger: d.needs_trigger,
  };
  if (d.phone_number) view.phone_number = d.phone_number;
  return view;
}
