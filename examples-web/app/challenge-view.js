// The one challenge component of the page: it renders any MfaChallenge from toChallenge()
// (Riffyn, Belvo or OneLogin alike) and calls back the flow that owns it.
//
//   kind "otp"     → factor choice (when the step has factors) + code field + submit
//   kind "qr"      → the QR payload drawn as an image + Continue
//   kind "confirm" → "confirm on your device" + Continue
//   kind "push"    → waiting indicator with a poll count + Cancel
//
// Every kind shows `prompt`, the `display` value (e.g. Belvo's numeric challenge) and a live
// countdown to `expiresAt`. Errors thrown by the callbacks are shown by code, in plain words.
import { generate } from "/node_modules/lean-qr/index.mjs";
import { h, uid, field } from "./dom.js";
import { showError, showCode } from "./errors.js";

/**
 * @param {import("/pkg/mfa_flows.js").MfaChallenge} challenge
 * @param {{
 *   eyebrow?: string, title: string, codeLabel?: string, codeHint?: string, inputMode?: "numeric" | "text",
 *   submitLabel?: string, continueLabel?: string, restartLabel?: string, retryLabel?: string,
 *   onSubmit?: (answer: { code: string, factorId?: string }) => Promise<void>,
 *   onContinue?: () => Promise<void>, onCancel?: () => void, onRestart?: () => void, onRetry?: () => void,
 *   errorWords?: Record<string, string>,
 * }} opts
 */
export function challengeView(challenge, opts) {
  const id = uid("challenge");
  const alert = h("p", { class: "alert", role: "alert", hidden: true });
  const countdown = h("p", { class: "countdown", "aria-live": "off" });
  // While a push waits, Cancel is the way out; "Start over" appears once the challenge ended.
  const restart = opts.onRestart
    ? h("button", { type: "button", class: "button link", hidden: challenge.kind === "push", onclick: () => opts.onRestart() }, opts.restartLabel ?? "Start over")
    : null;
  const retry = opts.onRetry
    ? h("button", { type: "button", class: "button", hidden: true, onclick: () => opts.onRetry() }, opts.retryLabel ?? "Try again")
    : null;

  const form = h("form", { class: "challenge-form", novalidate: challenge.kind === "push" });
  let codeInput = null;
  let primary = null;
  let pollText = null;
  let spinner = null;

  if (challenge.kind === "otp") {
    if (challenge.factors?.length) {
      form.append(
        h("fieldset", { class: "factors" },
          h("legend", {}, "Verify with"),
          challenge.factors.map((f, i) =>
            h("label", { class: "factor" },
              h("input", { type: "radio", name: `${id}-factor`, value: f.id, checked: i === 0 }),
              h("span", {}, f.label)))),
      );
    }
    codeInput = h("input", {
      name: "code", required: true, autocomplete: "one-time-code", spellcheck: "false",
      inputmode: opts.inputMode ?? "numeric", autocapitalize: opts.inputMode === "text" ? "characters" : "off",
      maxlength: 12, class: "code-input",
    });
    primary = h("button", { type: "submit", class: "button primary" }, opts.submitLabel ?? "Verify");
    form.append(field(opts.codeLabel ?? "Code", codeInput, opts.codeHint), h("div", { class: "actions" }, primary, retry, restart));
  } else if (challenge.kind === "qr" || challenge.kind === "confirm") {
    primary = h("button", { type: "submit", class: "button primary" }, opts.continueLabel ?? "Continue");
    form.append(h("div", { class: "actions" }, primary, retry, restart));
  } else {
    spinner = h("span", { class: "spinner", "aria-hidden": "true" });
    pollText = h("span", { class: "polls" }, "Sending the request…");
    const cancel = h("button", { type: "button", class: "button secondary", onclick: () => opts.onCancel?.() }, "Cancel");
    form.append(
      h("div", { class: "waiting", role: "status" }, spinner, h("span", {}, h("strong", {}, "Waiting for approval"), " ", pollText)),
      h("div", { class: "actions" }, cancel, retry, restart),
    );
  }

  const root = h("section", {
      class: `challenge kind-${challenge.kind}`, "aria-labelledby": `${id}-title`,
      dataset: { kind: challenge.kind, provider: challenge.provider },
    },
    h("header", { class: "challenge-head" },
      opts.eyebrow ? h("p", { class: "eyebrow" }, opts.eyebrow) : null,
      h("h2", { id: `${id}-title` }, opts.title),
      h("p", { class: "prompt" }, challenge.prompt)),
    display(challenge),
    form,
    countdown,
    alert,
  );

  let done = false;
  const finish = () => {
    done = true;
    spinner?.classList.add("stopped");
    form.querySelectorAll("input").forEach((c) => (c.disabled = true));
    form.querySelectorAll("button[type=submit]").forEach((c) => (c.hidden = true));
    form.querySelector(".waiting")?.setAttribute("hidden", "");
    form.querySelectorAll(".actions .secondary").forEach((c) => (c.hidden = true));
    countdown.hidden = true;
    clearInterval(timer);
    if (restart) restart.hidden = false;
    if (retry) {
      retry.hidden = false;
      retry.classList.add("primary");
      restart?.classList.replace("link", "secondary");
    } else {
      restart?.classList.replace("link", "primary");
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (done || form.getAttribute("aria-busy")) return;
    if (codeInput && !codeInput.value.trim()) {
      codeInput.focus();
      alert.dataset.code = "empty";
      alert.textContent = `Enter the ${(opts.codeLabel ?? "code").toLowerCase()}.`;
      alert.hidden = false;
      return;
    }
    showError(alert, null);
    const controls = [...form.querySelectorAll("input, button")];
    controls.forEach((c) => (c.disabled = true));
    form.setAttribute("aria-busy", "true");
    try {
      if (codeInput) {
        const factorId = form.querySelector("input[type=radio]:checked")?.value;
        await opts.onSubmit({ code: codeInput.value.trim(), factorId });
      } else {
        await opts.onContinue();
      }
    } catch (error) {
      view.fail(error);
    } finally {
      form.removeAttribute("aria-busy");
      if (!done) controls.forEach((c) => (c.disabled = false));
    }
    if (!done && codeInput && root.isConnected) {
      codeInput.select();
      codeInput.focus();
    }
  });

  // The live countdown to expiresAt; it stops when the view leaves the page.
  const expiresAt = Date.parse(challenge.expiresAt ?? "");
  let timer = null;
  const tick = () => {
    if (!Number.isFinite(expiresAt)) return;
    if (timer && !root.isConnected) return clearInterval(timer);
    const left = Math.ceil((expiresAt - Date.now()) / 1000);
    if (left <= 0) {
      clearInterval(timer);
      if (!done) {
        finish();
        showCode(alert, "expired");
      }
      return;
    }
    const m = Math.floor(left / 60);
    const s = String(left % 60).padStart(2, "0");
    countdown.textContent = `Expires in ${m}:${s}`;
    countdown.classList.toggle("soon", left <= 30);
    countdown.dataset.secondsLeft = String(left);
  };
  tick();
  if (Number.isFinite(expiresAt)) timer = setInterval(tick, 1000);

  const view = {
    el: root,
    /** Shows an error; `expired`, `rejected` and `aborted` end the challenge (only Start over / retry remain). */
    fail(error) {
      showError(alert, error, opts.errorWords);
      const code = alert.dataset.code;
      if (code === "expired" || code === "rejected" || code === "aborted" || code === "not_found") finish();
    },
    /** The push waiting indicator: "checked N times". */
    setPolls(n) {
      if (pollText) pollText.textContent = `· checked ${n} ${n === 1 ? "time" : "times"}`;
      if (pollText) root.dataset.polls = String(n);
    },
    focus() {
      (codeInput ?? primary ?? form.querySelector("button"))?.focus();
    },
    stop() {
      clearInterval(timer);
    },
  };
  return view;
}

/** Belvo's numeric challenge as large digits, a QR payload as an image (lean-qr). */
function display(challenge) {
  const d = challenge.display;
  if (challenge.kind === "confirm") {
    return h("div", { class: "display confirm-art" },
      h("span", { class: "phone", "aria-hidden": "true" }, h("span", { class: "check" })),
      h("p", {}, "Open your bank's app and approve the login. Then press Continue here."));
  }
  if (!d) return null;
  if (d.type === "qr") {
    let img = null;
    try {
      img = h("img", { class: "qr", alt: "QR code to scan with your bank app", src: generate(d.value).toDataURL({ scale: 6, pad: 3 }), width: 200, height: 200 });
    } catch {
      img = h("p", { class: "muted" }, "This QR code is too large to draw; use its text below.");
    }
    return h("figure", { class: "display qr-figure" }, img, h("figcaption", {}, h("span", { class: "muted" }, "QR payload: "), h("code", { class: "payload" }, d.value)));
  }
  return h("div", { class: "display value" },
    h("span", { class: "display-label" }, d.type === "numeric" ? "Bank challenge" : "Shown by the provider"),
    h("span", { class: "display-value" }, d.value));
}
