// The challenge step of every flow: the package's <mfa-challenge> (mfa-flows/ui) under the
// page's own heading. The element draws the prompt, code field, QR, waiting state, countdown and
// errors, in the language chosen in the top bar; the flow that owns it answers its events.
// When the step can no longer succeed (expired, denied, gone), the element's Cancel gives way to
// the page's own way out ("Start over", "Send another push").
import "mfa-flows/ui";
import { h, uid } from "./dom.js";
import { currentLocale } from "./locale.js";
import { t } from "./words.js";

// The codes after which a step cannot go on.
const ENDS = new Set(["expired", "rejected", "aborted", "not_found"]);

/**
 * @param {import("mfa-flows").MfaChallenge} challenge
 * @param {{
 *   eyebrow?: string, title: string, hint?: string,
 *   onSubmit: (answer: { code: string, factorId?: string }) => Promise<void>,
 *   onCancel: () => void,
 *   onResend?: () => void,
 *   ended?: (code: string) => { title?: string, actions: [string, () => void][] },
 * }} opts `ended` names the way out once the step ended (by default: Start over = onCancel).
 */
export function challengeStep(challenge, opts) {
  const id = uid("challenge");
  const heading = h("h2", { id: `${id}-title` }, opts.title);
  const element = document.createElement("mfa-challenge");
  element.locale = currentLocale();
  element.challenge = challenge;
  const after = h("div", { class: "actions", hidden: true });
  const el = h("section", {
      class: "challenge", "aria-labelledby": `${id}-title`,
      dataset: { kind: challenge.kind, provider: challenge.provider },
    },
    h("header", { class: "challenge-head" }, opts.eyebrow ? h("p", { class: "eyebrow" }, opts.eyebrow) : null, heading),
    element,
    opts.hint ? h("p", { class: "hint" }, opts.hint) : null,
    after,
  );

  const view = {
    el,
    element,
    /** Shows an error by code in the element; one that ends the step swaps Cancel for the way out. */
    fail(error) {
      element.error = error;
      if (ENDS.has(error?.code)) view.end(error.code);
    },
    end(code) {
      if (el.dataset.ended) return;
      el.dataset.ended = code;
      const { title, actions } = opts.ended?.(code) ?? { actions: [[t("step.over"), opts.onCancel]] };
      if (title) heading.textContent = title;
      after.replaceChildren(...actions.map(([label, run], i) =>
        h("button", { type: "button", class: `button ${i === 0 ? "primary" : "secondary"}`, onclick: run }, label)));
      after.hidden = false;
      after.querySelector("button")?.focus();
    },
  };

  element.addEventListener("mfa-submit", async (event) => {
    element.busy = true;
    try {
      await opts.onSubmit(event.detail);
    } catch (error) {
      view.fail(error);
    } finally {
      element.busy = false;
    }
  });
  element.addEventListener("mfa-cancel", () => opts.onCancel());
  element.addEventListener("mfa-resend", () => opts.onResend?.());
  element.addEventListener("mfa-expired", () => view.end("expired"));
  return view;
}
