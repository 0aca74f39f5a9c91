// Belvo: institution + bank credentials → 428 token_required → the bank's challenge (numeric,
// QR, confirm in the app) → resume, as many times as the bank asks → the link is created.
import { BelvoClient, toChallenge } from "mfa-flows";
import { t } from "./words.js";
import { currentLocale } from "./locale.js";
import { h, field, busy, details, clock } from "./dom.js";
import { showError } from "./errors.js";
import { challengeStep } from "./challenge.js";
import { pending, abandoned, isPast } from "./store.js";
import { BELVO_URL, CLIENT_HEADERS } from "./config.js";
import { institutions, institutionName } from "./institutions.js";

// What each sandbox institution does, for the select's labels.
const BEHAVIOUR = {
  erebor_mx_retail: "belvo.does.none",
  numeric_mx_bank: "belvo.does.numeric",
  chained_co_bank: "belvo.does.chained",
  qrcode_br_bank: "belvo.does.qr",
  inputless_mx_bank: "belvo.does.inputless",
  legacy_mx_bank: "belvo.does.legacy",
  activation_mx_bank: "belvo.does.activation",
};

// The bank's refusal of its own credentials, in the bank's terms.
const overrides = () => ({ invalid_credentials: t("belvo.invalid_credentials") });

export function belvoFlow(panel) {
  const body = panel.querySelector(".flow-body");
  const status = panel.querySelector(".status");
  const say = (text) => (status.textContent = text);
  const client = new BelvoClient({ baseUrl: BELVO_URL, headers: CLIENT_HEADERS });

  async function showForm(message = "") {
    say(message);
    const select = h("select", { name: "institution", required: true });
    const username = h("input", { name: "username", autocomplete: "username", required: true, autocapitalize: "off", spellcheck: "false" });
    const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
    const alert = h("p", { class: "alert", role: "alert", hidden: true });
    const form = h("form", { class: "stack", "aria-label": t("belvo.form") },
      h("h2", {}, t("belvo.connect.title")),
      field(t("field.bank"), select),
      h("div", { class: "row" },
        field(t("field.client"), username),
        field(t("field.password"), password)),
      h("p", { class: "hint" }, t("belvo.credentials"), " ",
        h("button", { type: "button", class: "chip", onclick: () => { username.value = "bnk100"; password.value = "full"; } }, h("strong", {}, "bnk100"), " / full")),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("action.connect"))),
      alert,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showError(alert, null);
      const institution = select.value;
      try {
        const step = await busy(form, () => client.registerLink({ institution, username: username.value.trim(), password: password.value }));
        handle(step, { institution, check: 1 });
      } catch (error) {
        showError(alert, error, overrides());
      }
    });
    body.replaceChildren(form);

    const list = await institutions();
    select.replaceChildren(...list.map((i) =>
      h("option", { value: i.name, selected: i.name === "numeric_mx_bank" },
        `${i.display_name} (${i.country_code})${BEHAVIOUR[i.name] ? ` · ${t(BEHAVIOUR[i.name])}` : ""}`)));
    return form;
  }

  function handle(step, context) {
    if (step.status === "SUCCESS") {
      pending.clear("belvo");
      showLinked(step, context);
      return;
    }
    pending.save("belvo", { step, context });
    showChallenge(step, context);
  }

  function showChallenge(step, context) {
    const bank = institutionName(context.institution);
    const challenge = toChallenge(step, { locale: currentLocale() });
    say(context.check > 1 ? t("belvo.another", { bank }) : "");
    const next = (answer) => client.resume(step, answer).then((s) => handle(s, { ...context, check: context.check + 1 }));
    const view = challengeStep(challenge, {
      eyebrow: t("belvo.eyebrow", { bank, check: context.check }),
      title: t(challenge.kind === "qr" ? "belvo.title.qr" : challenge.kind === "confirm" ? "belvo.title.confirm" : "belvo.title.otp"),
      hint: t(challenge.kind === "otp" ? "belvo.hint.otp" : "belvo.hint.app"),
      onSubmit: ({ code }) => next(challenge.kind === "otp" ? { token: code } : {}),
      onCancel: () => {
        // Belvo cannot withdraw the session: the page forgets it, and so does the device panel.
        abandoned.add(step.session);
        pending.clear("belvo");
        showForm().then((f) => f.querySelector("select").focus());
      },
    });
    body.replaceChildren(view.el);
    return view;
  }

  function showLinked(step, context) {
    const link = step.data ?? {};
    const bank = institutionName(link.institution ?? context.institution);
    const checks = context.check - 1;
    say(""); // the card says it
    body.replaceChildren(
      h("div", { class: "result success" },
        h("h2", {}, t("belvo.linked")),
        h("p", {}, t(!checks ? "belvo.linked.text" : checks === 1 ? "belvo.linked.one" : "belvo.linked.other", { bank, count: checks })),
        details([
          [t("detail.linkId"), h("code", {}, link.id ?? "–")],
          [t("detail.status"), link.status],
          [t("detail.accessMode"), link.access_mode],
          [t("detail.created"), link.created_at ? clock(link.created_at) : undefined],
        ]),
        h("div", { class: "actions" }, h("button", { type: "button", class: "button secondary", onclick: () => showForm() }, t("belvo.another.bank")))),
    );
  }

  return {
    async start() {
      await institutions(); // the banks' display names
      const saved = pending.load("belvo");
      if (saved?.step?.status === "TOKEN_REQUIRED" && !isPast(saved.step.expiresAt)) {
        showChallenge(saved.step, saved.context);
        say(t("belvo.resumed", { bank: institutionName(saved.context.institution) }));
        return;
      }
      if (saved) pending.clear("belvo");
      showForm(saved ? t("belvo.expired") : "");
    },
  };
}
