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
  erebor_mx_retail: "no MFA",
  numeric_mx_bank: "numeric token",
  chained_co_bank: "two tokens in a row",
  qrcode_br_bank: "QR code",
  inputless_mx_bank: "confirm in the bank app",
  legacy_mx_bank: "token, legacy answer",
  activation_mx_bank: "needs activation",
};

const WORDS = {
  invalid_credentials: "The bank did not accept that client number or password.",
};

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
    const form = h("form", { class: "stack", "aria-label": "Connect a bank" },
      h("h2", {}, "Connect your bank"),
      field("Bank", select),
      h("div", { class: "row" },
        field("Client number", username),
        field("Password", password)),
      h("p", { class: "hint" }, "Sandbox bank credentials for every bank: ",
        h("button", { type: "button", class: "chip", onclick: () => { username.value = "bnk100"; password.value = "full"; } }, h("strong", {}, "bnk100"), " / full")),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, "Connect")),
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
        showError(alert, error, WORDS);
      }
    });
    body.replaceChildren(form);

    const list = await institutions();
    select.replaceChildren(...list.map((i) =>
      h("option", { value: i.name, selected: i.name === "numeric_mx_bank" },
        `${i.display_name} (${i.country_code})${BEHAVIOUR[i.name] ? ` · ${BEHAVIOUR[i.name]}` : ""}`)));
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
        h("h2", {}, "Bank connected"),
        h("p", {}, `Belvo created a link to ${bank}${checks ? ` after ${checks} ${checks === 1 ? "check" : "checks"}` : ""}.`),
        details([
          ["Link id", h("code", {}, link.id ?? "–")],
          ["Status", link.status],
          ["Access mode", link.access_mode],
          ["Created", link.created_at ? clock(link.created_at) : undefined],
        ]),
        h("div", { class: "actions" }, h("button", { type: "button", class: "button secondary", onclick: () => showForm() }, "Connect another bank"))),
    );
  }

  return {
    async start() {
      await institutions(); // the banks' display names
      const saved = pending.load("belvo");
      if (saved?.step?.status === "TOKEN_REQUIRED" && !isPast(saved.step.expiresAt)) {
        showChallenge(saved.step, saved.context);
        say(`Resumed: ${institutionName(saved.context.institution)} is still waiting.`);
        return;
      }
      if (saved) pending.clear("belvo");
      showForm(saved ? "Your previous bank connection expired. Start over." : "");
    },
  };
}
