// OneLogin API v1: the user's factors → enroll an SMS phone → trigger → verify the code; or a
// OneLogin Protect push, polled by waitForPush until approved, denied or cancelled.
import { OneLoginClient, toChallenge } from "mfa-flows";
import { t } from "./words.js";
import { currentLocale } from "./locale.js";
import { h, field, busy } from "./dom.js";
import { showError, describeError } from "./errors.js";
import { challengeStep } from "./challenge.js";
import { pending, abandoned, isPast } from "./store.js";
import { ONELOGIN_URL, CLIENT_HEADERS, SESSION, session } from "./config.js";

const USERS = [
  { id: 1001, name: "alice" },
  { id: 1002, name: "bob" },
];
const ENROLLABLE = /sms|voice/i; // the v1 API enrols phone factors only
const PUSH_INTERVAL_MS = 1000;

export function oneloginFlow(panel) {
  const body = panel.querySelector(".flow-body");
  const status = panel.querySelector(".status");
  const say = (text) => (status.textContent = text);
  const client = new OneLoginClient({ baseUrl: ONELOGIN_URL, headers: CLIENT_HEADERS });
  // Who the backend's session says is signed in; the picker signs in as another demo user.
  let userId = SESSION.oneloginUserId;
  const userName = (id) => USERS.find((u) => u.id === id)?.name ?? t("onelogin.user.id", { id });

  /** The user picker and the factor lists. */
  async function showFactors(message = "") {
    say(message);
    const select = h("select", { name: "user" },
      USERS.map((u) => h("option", { value: u.id, selected: u.id === userId }, t("onelogin.user", { name: u.name, id: u.id }))));
    const lists = h("div", { class: "factor-lists", "aria-busy": "true" }, h("p", { class: "muted" }, t("onelogin.loading")));
    const alert = h("p", { class: "alert", role: "alert", hidden: true });
    select.addEventListener("change", async () => {
      userId = Number(select.value);
      await session({ oneloginUserId: userId }).catch(() => {});
      load();
    });
    body.replaceChildren(h("div", { class: "stack" },
      h("h2", {}, t("onelogin.verify.title")),
      field(t("field.user"), select),
      alert,
      lists));

    async function load() {
      showError(alert, null);
      lists.setAttribute("aria-busy", "true");
      try {
        const [devices, available] = await Promise.all([client.enrolledFactors(userId), client.availableFactors(userId)]);
        lists.replaceChildren(
          h("section", { "aria-labelledby": "ol-enrolled" },
            h("h3", { id: "ol-enrolled" }, t("onelogin.enrolled")),
            devices.length
              ? h("ul", { class: "factor-list" }, devices.map(deviceItem))
              : h("p", { class: "muted" }, t("onelogin.none"))),
          h("section", { "aria-labelledby": "ol-available" },
            h("h3", { id: "ol-available" }, t("onelogin.add")),
            available.length
              ? h("ul", { class: "factor-list" }, available.map(factorItem))
              : h("p", { class: "muted" }, t("onelogin.all"))),
        );
      } catch (error) {
        lists.replaceChildren();
        showError(alert, error);
      } finally {
        lists.removeAttribute("aria-busy");
      }
    }

    function deviceItem(d) {
      const name = d.userDisplayName ?? d.typeDisplayName ?? t("onelogin.device", { id: d.id });
      const factor = d.authFactorName ?? d.typeDisplayName ?? "";
      const isPush = /protect/i.test(factor);
      const action = t(isPush ? "onelogin.send_push" : /authenticator|otp/i.test(factor) ? "onelogin.enter_code" : "onelogin.send_code");
      const row = h("li", { class: "factor-item", dataset: { deviceId: d.id } },
        h("div", { class: "factor-main" },
          h("strong", {}, name),
          h("span", { class: "muted" }, [factor, d.phoneNumber].filter(Boolean).join(" · ")),
          h("span", { class: "badges" },
            h("span", { class: `badge ${d.active ? "ok" : "warn"}` }, t(d.active ? "onelogin.active" : "onelogin.not_verified")),
            d.default ? h("span", { class: "badge" }, t("onelogin.default")) : null)),
        h("div", { class: "factor-actions" },
          h("button", { type: "button", class: "button primary small", "aria-label": t("onelogin.action", { action, name }), onclick: () => trigger(row, d.id, name) }, action),
          h("button", { type: "button", class: "button secondary small", "aria-label": t("onelogin.remove.name", { name }), onclick: () => remove(row, d.id, name) }, t("onelogin.remove"))));
      return row;
    }

    function factorItem(f) {
      const row = h("li", { class: "factor-item" },
        h("div", { class: "factor-main" }, h("strong", {}, f.name), h("span", { class: "muted" }, t("onelogin.factor", { id: f.factorId }))));
      if (!ENROLLABLE.test(f.name)) {
        row.append(h("p", { class: "muted small factor-actions" }, t("onelogin.portal")));
        return row;
      }
      row.append(h("div", { class: "factor-actions" },
        h("button", { type: "button", class: "button secondary small", "aria-label": t("onelogin.enroll.name", { name: f.name }), onclick: () => enrollForm(row, f) }, t("onelogin.enroll"))));
      return row;
    }

    function enrollForm(row, factor) {
      const display = h("input", { name: "displayName", required: true, value: t("onelogin.phone.name", { name: `${userName(userId)[0].toUpperCase()}${userName(userId).slice(1)}` }) });
      const number = h("input", { name: "number", type: "tel", required: true, autocomplete: "tel", value: "+14155550100", pattern: "\\+[1-9][0-9]{6,14}" });
      const alert = h("p", { class: "alert", role: "alert", hidden: true });
      const form = h("form", { class: "enroll stack", "aria-label": t("onelogin.enroll.name", { name: factor.name }) },
        h("div", { class: "row" }, field(t("field.device"), display), field(t("field.phone"), number, t("field.phone.hint"))),
        h("div", { class: "actions" },
          h("button", { type: "submit", class: "button primary" }, t("onelogin.enroll.send")),
          h("button", { type: "button", class: "button link", onclick: () => form.remove() }, t("action.cancel"))),
        alert);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        showError(alert, null);
        try {
          await busy(form, async () => {
            const device = await client.enrollFactor(userId, { factorId: factor.factorId, displayName: display.value.trim(), number: number.value.trim() });
            say(t("onelogin.enrolled.sending", { name: device.userDisplayName ?? t("onelogin.the_phone") }));
            const activation = await client.activateFactor(userId, device.id);
            start(activation, { userId, label: device.userDisplayName ?? factor.name, enrolled: true });
          });
        } catch (error) {
          showError(alert, error);
        }
      });
      row.querySelector(".factor-actions")?.replaceChildren();
      row.append(form);
      display.focus();
    }

    async function trigger(row, deviceId, label) {
      showError(alert, null);
      try {
        const activation = await busy(row, () => client.activateFactor(userId, deviceId));
        start(activation, { userId, label });
      } catch (error) {
        showError(alert, error);
      }
    }

    async function remove(row, deviceId, label) {
      showError(alert, null);
      try {
        await busy(row, () => client.removeFactor(userId, deviceId));
        say(t("onelogin.removed", { name: label }));
        await load();
      } catch (error) {
        showError(alert, error);
      }
    }

    await load();
  }

  /** A triggered device: keep the activation (a reload resumes it) and show its challenge. */
  function start(activation, context) {
    pending.save("onelogin", { activation, context });
    const challenge = toChallenge(activation, { locale: currentLocale() });
    if (challenge.kind === "push") waitForPush(activation, context, challenge);
    else showOtp(activation, context, challenge);
  }

  /**
   * Triggers the device again (a new SMS or push) and shows its new challenge; `leave` lets go
   * of the old one only once the new one exists, so a refusal (the guard's push throttle) shows
   * in the element while the old step goes on.
   */
  async function resend(activation, context, view, leave = () => {}) {
    try {
      const next = await client.activateFactor(context.userId, activation.deviceId);
      leave();
      start(next, context);
    } catch (error) {
      view.element.error = error;
    }
  }

  function backToFactors(message) {
    pending.clear("onelogin");
    showFactors(message);
  }

  function showOtp(activation, context, challenge) {
    say("");
    const view = challengeStep(challenge, {
      eyebrow: t("onelogin.eyebrow", { user: userName(context.userId), factor: context.label }),
      title: t(context.enrolled ? "onelogin.title.new" : "onelogin.title.code"),
      hint: t("onelogin.hint.code"),
      onSubmit: async ({ code }) => {
        await client.verifyFactor(context.userId, activation.deviceId, { stateToken: activation.stateToken, otpToken: code, expiresAt: activation.expiresAt });
        pending.clear("onelogin");
        showVerified(context, t(context.enrolled ? "onelogin.verified.new" : "onelogin.verified.code", { name: context.label }));
      },
      onCancel: () => backToFactors(),
      // The view's `resend` (SMS, voice, email): a new activation sends a new code.
      onResend: () => resend(activation, context, view),
      ended: () => ({ actions: [[t("onelogin.back"), () => backToFactors()]] }),
    });
    body.replaceChildren(view.el);
    return view;
  }

  function waitForPush(activation, context, challenge) {
    const controller = new AbortController();
    // OneLogin cannot withdraw a push: the page stops polling and the device panel drops it.
    const giveUp = () => {
      controller.abort();
      abandoned.add(activation.stateToken);
    };
    say("");
    const view = challengeStep(challenge, {
      eyebrow: t("onelogin.eyebrow", { user: userName(context.userId), factor: context.label }),
      title: t("onelogin.title.push"),
      hint: t("onelogin.hint.push"),
      onSubmit: async () => {},
      onCancel: giveUp,
      // The view's `resend`: stop waiting for this push, send another.
      onResend: () => resend(activation, context, view, giveUp),
      ended: (code) => ({
        title: t(code === "rejected" ? "onelogin.denied" : code === "expired" ? "onelogin.expired" : "onelogin.stopped"),
        actions: [
          [t("onelogin.again"), () => resend(activation, context, view)],
          [t("onelogin.back"), () => backToFactors()],
        ],
      }),
    });
    body.replaceChildren(view.el);
    client
      .waitForPush(context.userId, activation.deviceId, activation, { intervalMs: PUSH_INTERVAL_MS, signal: controller.signal })
      .then(() => {
        pending.clear("onelogin");
        showVerified(context, t("onelogin.verified.push", { name: context.label }));
      })
      .catch((error) => {
        pending.clear("onelogin");
        if (!view.el.isConnected) return; // left with "Back to factors"
        if (describeError(error).code === "aborted") {
          showFactors(t("onelogin.cancelled"));
          return;
        }
        view.fail(error);
        view.end(describeError(error).code);
      });
  }

  function showVerified(context, sentence) {
    say(""); // the card says it
    body.replaceChildren(
      h("div", { class: "result success" },
        h("h2", {}, t("onelogin.verified")),
        h("p", {}, sentence),
        h("div", { class: "actions" }, h("button", { type: "button", class: "button secondary", onclick: () => showFactors() }, t("onelogin.back")))),
    );
  }

  return {
    start() {
      const saved = pending.load("onelogin");
      if (saved?.activation && !isPast(saved.activation.expiresAt)) {
        userId = saved.context.userId;
        start(saved.activation, saved.context);
        say(t("onelogin.resumed", { name: saved.context.label }));
        return;
      }
      if (saved) pending.clear("onelogin");
      showFactors(saved ? t("onelogin.expired.previous") : "");
    },
  };
}
