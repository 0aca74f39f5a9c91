// Riffyn: username/password → MFA_REQUIRED → factor choice + code (with countdown) → SUCCESS.
import { RiffynClient, toChallenge } from "mfa-flows";
import { t } from "./words.js";
import { currentLocale } from "./locale.js";
import { h, field, busy, mask, clock, details } from "./dom.js";
import { showError } from "./errors.js";
import { challengeStep } from "./challenge.js";
import { pending, isPast } from "./store.js";
import { RIFFYN_URL, CLIENT_HEADERS } from "./config.js";

const DEMO_USERS = [
  { username: "alice", password: "correct-horse-battery", note: "riffyn.user.totp" },
  { username: "bob", password: "hunter2-hunter2", note: "riffyn.user.none" },
];

export function riffynFlow(panel) {
  const body = panel.querySelector(".flow-body");
  const status = panel.querySelector(".status");
  const client = new RiffynClient({ baseUrl: RIFFYN_URL, headers: CLIENT_HEADERS });
  const say = (text) => (status.textContent = text);

  function showLogin(message = "") {
    say(message);
    const username = h("input", { name: "username", autocomplete: "username", required: true, autocapitalize: "off", spellcheck: "false" });
    const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
    const alert = h("p", { class: "alert", role: "alert", hidden: true });
    const form = h("form", { class: "stack", "aria-label": t("riffyn.form") },
      h("h2", {}, t("riffyn.signin")),
      field(t("field.username"), username),
      field(t("field.password"), password),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("action.signin"))),
      alert,
      h("div", { class: "demo-ids" },
        h("p", { class: "muted small" }, t("riffyn.users")),
        DEMO_USERS.map((u) =>
          h("button", {
            type: "button", class: "chip",
            onclick: () => { username.value = u.username; password.value = u.password; form.querySelector("[type=submit]").focus(); },
          }, h("strong", {}, u.username), ` · ${t(u.note)}`))),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showError(alert, null);
      try {
        const step = await busy(form, () => client.login({ username: username.value.trim(), password: password.value }));
        handle(step, username.value.trim());
      } catch (error) {
        showError(alert, error);
        password.select();
      }
    });
    body.replaceChildren(form);
    return form;
  }

  function handle(step, username) {
    if (step.status === "SUCCESS") {
      pending.clear("riffyn");
      showSuccess(step);
    } else {
      // The step (state token, expiry, factors) is plain JSON: keep it so a reload resumes.
      pending.save("riffyn", { step, username });
      showChallenge(step, username);
    }
  }

  function showChallenge(step, username) {
    say("");
    const view = challengeStep(toChallenge(step, { locale: currentLocale() }), {
      eyebrow: t("riffyn.eyebrow", { user: username }),
      title: t("riffyn.title"),
      hint: t("riffyn.hint"),
      onSubmit: async ({ code, factorId }) => {
        const next = await client.verify({ stateToken: step.stateToken, factorId, passCode: code, expiresAt: step.expiresAt });
        handle(next, username);
      },
      onCancel: () => {
        pending.clear("riffyn");
        showLogin().querySelector("input").focus();
      },
    });
    body.replaceChildren(view.el);
    return view;
  }

  function showSuccess(step) {
    say(""); // the card says it
    body.replaceChildren(
      h("div", { class: "result success" },
        h("h2", {}, t("riffyn.signed")),
        h("p", {}, t("riffyn.welcome", { user: step.username ?? t("riffyn.user") })),
        details([
          [t("detail.userId"), step.userId],
          [t("detail.accessToken"), mask(step.accessToken)],
          [t("detail.tokenExpires"), step.accessTokenExpiresAt ? clock(step.accessTokenExpiresAt) : undefined],
          [t("detail.apiKey"), step.apiKey ? mask(step.apiKey) : undefined],
          [t("detail.apiKeyName"), step.apiKey ? step.apiKeyName : undefined],
        ]),
        h("div", { class: "actions" }, h("button", { type: "button", class: "button secondary", onclick: () => showLogin() }, t("action.signout")))),
    );
  }

  return {
    /** Shows the pending step after a reload, or the sign-in form. */
    start() {
      const saved = pending.load("riffyn");
      if (saved?.step?.status === "MFA_REQUIRED" && !isPast(saved.step.expiresAt)) {
        showChallenge(saved.step, saved.username ?? t("riffyn.you"));
        say(t("riffyn.resumed", { user: saved.username ?? t("riffyn.you") }));
        return;
      }
      if (saved) {
        pending.clear("riffyn");
        showLogin(t("riffyn.expired"));
        return;
      }
      showLogin();
    },
  };
}
