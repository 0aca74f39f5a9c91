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
  const userName = (id) => USERS.find((u) => u.id === id)?.name ?? `user ${id}`;

  /** The user picker and the factor lists. */
  async function showFactors(message = "") {
    say(message);
    const select = h("select", { name: "user" },
      USERS.map((u) => h("option", { value: u.id, selected: u.id === userId }, `${u.name} (user ${u.id})`)));
    const lists = h("div", { class: "factor-lists", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading factors…"));
    const alert = h("p", { class: "alert", role: "alert", hidden: true });
    select.addEventListener("change", async () => {
      userId = Number(select.value);
      await session({ oneloginUserId: userId }).catch(() => {});
      load();
    });
    body.replaceChildren(h("div", { class: "stack" },
      h("h2", {}, "Verify a OneLogin user"),
      field("User", select),
      alert,
      lists));

    async function load() {
      showError(alert, null);
      lists.setAttribute("aria-busy", "true");
      try {
        const [devices, available] = await Promise.all([client.enrolledFactors(userId), client.availableFactors(userId)]);
        lists.replaceChildren(
          h("section", { "aria-labelledby": "ol-enrolled" },
            h("h3", { id: "ol-enrolled" }, "Enrolled factors"),
            devices.length
              ? h("ul", { class: "factor-list" }, devices.map(deviceItem))
              : h("p", { class: "muted" }, "No factors yet: enroll one below.")),
          h("section", { "aria-labelledby": "ol-available" },
            h("h3", { id: "ol-available" }, "Add a factor"),
            available.length
              ? h("ul", { class: "factor-list" }, available.map(factorItem))
              : h("p", { class: "muted" }, "Every available factor is enrolled.")),
        );
      } catch (error) {
        lists.replaceChildren();
        showError(alert, error);
      } finally {
        lists.removeAttribute("aria-busy");
      }
    }

    function deviceItem(d) {
      const name = d.userDisplayName ?? d.typeDisplayName ?? `Device ${d.id}`;
      const factor = d.authFactorName ?? d.typeDisplayName ?? "";
      const isPush = /protect/i.test(factor);
      const action = isPush ? "Send push" : /authenticator|otp/i.test(factor) ? "Enter code" : "Send code";
      const row = h("li", { class: "factor-item", dataset: { deviceId: d.id } },
        h("div", { class: "factor-main" },
          h("strong", {}, name),
          h("span", { class: "muted" }, [factor, d.phoneNumber].filter(Boolean).join(" · ")),
          h("span", { class: "badges" },
            h("span", { class: `badge ${d.active ? "ok" : "warn"}` }, d.active ? "active" : "not verified"),
            d.default ? h("span", { class: "badge" }, "default") : null)),
        h("div", { class: "factor-actions" },
          h("button", { type: "button", class: "button primary small", "aria-label": `${action}: ${name}`, onclick: () => trigger(row, d.id, name) }, action),
          h("button", { type: "button", class: "button secondary small", "aria-label": `Remove ${name}`, onclick: () => remove(row, d.id, name) }, "Remove")));
      return row;
    }

    function factorItem(f) {
      const row = h("li", { class: "factor-item" },
        h("div", { class: "factor-main" }, h("strong", {}, f.name), h("span", { class: "muted" }, `factor ${f.factorId}`)));
      if (!ENROLLABLE.test(f.name)) {
        row.append(h("p", { class: "muted small factor-actions" }, "Set up in the OneLogin portal"));
        return row;
      }
      row.append(h("div", { class: "factor-actions" },
        h("button", { type: "button", class: "button secondary small", "aria-label": `Enroll ${f.name}`, onclick: () => enrollForm(row, f) }, "Enroll")));
      return row;
    }

    function enrollForm(row, factor) {
      const display = h("input", { name: "displayName", required: true, value: `${userName(userId)[0].toUpperCase()}${userName(userId).slice(1)}'s phone` });
      const number = h("input", { name: "number", type: "tel", required: true, autocomplete: "tel", value: "+14155550100", pattern: "\\+[1-9][0-9]{6,14}" });
      const alert = h("p", { class: "alert", role: "alert", hidden: true });
      const form = h("form", { class: "enroll stack", "aria-label": `Enroll ${factor.name}` },
        h("div", { class: "row" }, field("Device name", display), field("Phone number", number, "International format, e.g. +14155550100.")),
        h("div", { class: "actions" },
          h("button", { type: "submit", class: "button primary" }, "Enroll and send code"),
          h("button", { type: "button", class: "button link", onclick: () => form.remove() }, "Cancel")),
        alert);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        showError(alert, null);
        try {
          await busy(form, async () => {
            const device = await client.enrollFactor(userId, { factorId: factor.factorId, displayName: display.value.trim(), number: number.value.trim() });
            say(`Enrolled ${device.userDisplayName ?? "the phone"}. Sending a code to verify it…`);
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
        say(`Removed ${label}.`);
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

  /** Triggers the device again (a new SMS or push) and shows its new challenge. */
  async function resend(activation, context, view) {
    try {
      start(await client.activateFactor(context.userId, activation.deviceId), context);
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
        showVerified(context, context.enrolled ? `${context.label} is verified and active.` : `${context.label} verified the sign-in.`);
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
      onResend: () => {
        giveUp();
        resend(activation, context, view);
      },
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
        showVerified(context, `The sign-in was approved on ${context.label}.`);
      })
      .catch((error) => {
        pending.clear("onelogin");
        if (!view.el.isConnected) return; // left with "Back to factors"
        if (describeError(error).code === "aborted") {
          showFactors("Push cancelled. No sign-in happened.");
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
        h("h2", {}, "Verified"),
        h("p", {}, sentence),
        h("div", { class: "actions" }, h("button", { type: "button", class: "button secondary", onclick: () => showFactors() }, "Back to factors"))),
    );
  }

  return {
    start() {
      const saved = pending.load("onelogin");
      if (saved?.activation && !isPast(saved.activation.expiresAt)) {
        userId = saved.context.userId;
        start(saved.activation, saved.context);
        say(`Resumed: still waiting for ${saved.context.label}.`);
        return;
      }
      if (saved) pending.clear("onelogin");
      showFactors(saved ? "The previous verification expired. Start over." : "");
    },
  };
}
