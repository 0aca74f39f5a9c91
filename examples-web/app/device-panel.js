// The device panel: plays the user's phone and bank token device from the sandbox's control
// API (TOTP codes, the SMS outbox, pending OneLogin Protect pushes, Belvo sessions). It
// refreshes every second and only touches the rows that changed, so a button never moves
// under the pointer.
import { h, clock } from "./dom.js";
import { control, session } from "./config.js";
import { pending, abandoned } from "./store.js";
import { institutionName, institutions } from "./institutions.js";
import { t as say, pkg } from "./words.js";

const REFRESH_MS = 1000;

export function devicePanel(aside) {
  const list = (name) => aside.querySelector(`[data-list="${name}"]`);
  const empty = (name) => aside.querySelector(`[data-empty="${name}"]`);
  const offline = aside.querySelector(".device-offline");

  aside.querySelector('[data-action="reset"]').addEventListener("click", async (event) => {
    event.currentTarget.disabled = true;
    await control("POST", "/reset");
    pending.clearAll();
    location.reload();
  });

  async function decide(stateToken, decision, row) {
    row.querySelectorAll("button").forEach((b) => (b.disabled = true));
    try {
      await control("POST", `/pushes/${decision}`, { stateToken });
      row.classList.add(decision === "approve" ? "approved" : "denied");
      row.querySelector(".push-state").textContent = say(decision === "approve" ? "device.approved" : "device.denied");
    } catch {
      row.querySelectorAll("button").forEach((b) => (b.disabled = false));
    }
  }

  const renderers = {
    totp: {
      key: (t) => `${t.provider}:${t.user}:${t.deviceId ?? ""}`,
      sig: (t) => t.code,
      render: (t) =>
        h("li", { class: "device-item totp", dataset: { provider: t.provider, user: t.user } },
          h("div", { class: "item-main" },
            h("span", { class: "item-title" }, t.provider === "riffyn" ? `Riffyn · ${t.user}` : `OneLogin · ${t.user}`),
            h("span", { class: "totp-code", "aria-label": say("device.code", { digits: t.code.split("").join(" ") }) }, `${t.code.slice(0, 3)} ${t.code.slice(3)}`)),
          h("div", { class: "ttl", "aria-hidden": "true" }, h("span", { class: "ttl-bar" })),
          h("span", { class: "ttl-text muted small" })),
      update: (el, t) => {
        el.querySelector(".ttl-bar").style.width = `${(t.secondsLeft / 30) * 100}%`;
        el.querySelector(".ttl-text").textContent = say("device.left", { seconds: t.secondsLeft });
        el.classList.toggle("soon", t.secondsLeft <= 5);
      },
    },
    push: {
      key: (p) => p.stateToken,
      sig: (p) => p.stateToken,
      render: (p) => {
        const row = h("li", { class: "device-item push", dataset: { deviceId: p.deviceId } },
          h("div", { class: "item-main" },
            h("span", { class: "item-title" }, say("device.push.title")),
            h("span", { class: "push-state muted small" }, "")),
          h("p", { class: "small" }, say("device.push.body", { user: p.userId, device: p.deviceId, time: clock(p.createdAt) })),
          h("div", { class: "actions" },
            h("button", { type: "button", class: "button approve small", onclick: () => decide(p.stateToken, "approve", row) }, say("device.approve")),
            h("button", { type: "button", class: "button deny small", onclick: () => decide(p.stateToken, "deny", row) }, say("device.deny"))));
        return row;
      },
      update: (el, p) => {
        if (!el.classList.contains("approved") && !el.classList.contains("denied")) {
          el.querySelector(".push-state").textContent = say(p.polls === 1 ? "device.push.checked.one" : "device.push.checked.other", { count: p.polls });
        }
      },
    },
    sms: {
      key: (m) => `${m.at}:${m.deviceId}:${m.code}`,
      sig: (m) => String(m.latest),
      render: (m) =>
        h("li", { class: `device-item sms${m.latest ? "" : " older"}`, dataset: { deviceId: m.deviceId, channel: m.channel } },
          h("div", { class: "item-main" },
            h("span", { class: "item-title" }, say("device.sms.to", { channel: pkg(m.channel === "voice" ? "factor.voice" : "factor.sms"), to: m.to })),
            h("span", { class: "muted small" }, clock(m.at))),
          h("p", { class: "sms-body" }, m.body),
          m.latest ? null : h("p", { class: "muted small" }, say("device.sms.older"))),
    },
    backend: {
      key: (l) => String(l.id),
      sig: (l) => l.key,
      render: (l) => h("li", { class: "device-item learned" }, h("p", { class: "small" }, learned(l))),
    },
    bank: {
      key: (s) => s.session,
      sig: (s) => `${s.session}:${challengeOf(s)}`,
      render: (s) => {
        const token = s.expectedToken;
        return h("li", { class: "device-item bank", dataset: { institution: s.institution, kind: s.kind } },
          h("div", { class: "item-main" },
            h("span", { class: "item-title" }, institutionName(s.institution)),
            h("span", { class: "muted small" }, s.resource === "links" ? say("device.bank.login") : s.resource)),
          token
            ? h("p", {}, ...tokenWords(s, token))
            : h("p", { class: "small" }, say(s.kind === "qr" ? "device.bank.qr" : "device.bank.confirm")));
      },
    },
  };

  /**
   * A numeric bank challenge is keyed into the token device, which then shows the token (as the
   * prompt says); this page's pending step knows the challenge. Other banks' devices just show it.
   */
  function challengeOf(s) {
    const { step } = pending.load("belvo") ?? {};
    return step?.session === s.session && step.tokenGenerationData?.type === "numeric" ? step.tokenGenerationData.value : "";
  }
  /** The sentence around the token (and the challenge to key in), both in bold, in any word order. */
  function tokenWords(s, token) {
    const challenge = challengeOf(s);
    const text = say(challenge ? "device.bank.keyin" : "device.bank.shows", { challenge: "\u0000c", token: "\u0000t" });
    return text.split(/(\u0000[ct])/).filter(Boolean).map((part) =>
      part === "\u0000c" ? h("strong", {}, challenge) : part === "\u0000t" ? h("strong", { class: "bank-token" }, token) : part);
  }

  /** A line of what the backend learned, worded from its id (examples-web/backend.mjs). */
  function learned(l) {
    const { who, factor, ...params } = l.params ?? {};
    const factorWords = factor === undefined ? undefined : pkg(`factor.${factor}`) ?? factor;
    return say(l.key, { ...params, who: who ? say(who.key, who.params) : "", factor: factorWords }).trim();
  }

  /** Adds, updates and removes rows by key; untouched rows stay the same DOM nodes. */
  function sync(name, items) {
    const r = renderers[name];
    const ul = list(name);
    const old = new Map([...ul.children].map((el) => [el.dataset.key, el]));
    const next = items.map((item) => {
      const key = r.key(item);
      const sig = r.sig(item);
      let el = old.get(key);
      if (!el || el.dataset.sig !== sig) {
        const fresh = r.render(item);
        fresh.dataset.key = key;
        fresh.dataset.sig = sig;
        if (el) el.replaceWith(fresh);
        el = fresh;
      }
      r.update?.(el, item);
      return el;
    });
    const same = next.length === ul.children.length && next.every((el, i) => ul.children[i] === el);
    if (!same) ul.replaceChildren(...next);
    empty(name).hidden = items.length > 0;
  }

  async function refresh() {
    try {
      const [totp, outbox, pushes, sessions, backend] = await Promise.all([
        control("GET", "/totp"),
        control("GET", "/outbox"),
        control("GET", "/pushes"),
        control("GET", "/belvo/sessions"),
        session(),
      ]);
      offline.hidden = true;
      sync("totp", totp);
      // Newest first; only the newest message of each phone carries the live code.
      const seen = new Set();
      const messages = [...outbox].reverse().map((m) => {
        const latest = !seen.has(m.deviceId);
        seen.add(m.deviceId);
        return { ...m, latest };
      });
      sync("sms", messages);
      // What the page gave up on is no longer the user's to answer.
      const gone = new Set(abandoned.list());
      sync("push", pushes.filter((p) => !gone.has(p.stateToken)));
      sync("bank", sessions.filter((s) => !gone.has(s.session)));
      sync("backend", backend.learned);
    } catch {
      offline.hidden = false;
    }
  }

  return {
    async start() {
      await institutions();
      await refresh();
      const loop = () => setTimeout(() => refresh().finally(loop), REFRESH_MS);
      loop();
    },
  };
}
