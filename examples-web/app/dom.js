import { t } from "./words.js";

// A tiny element builder: h("button", { class: "button", onclick }, "Sign in").
// Props: `class`, `text`, `dataset`, `on<event>` handlers, booleans (true → empty attribute,
// false/null → omitted), anything else as an attribute. Children: nodes, strings, arrays, null.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

let counter = 0;
/** A page-unique id for label/aria wiring. */
export const uid = (prefix = "id") => `${prefix}-${++counter}`;

/** A labelled form field: <div class="field"><label/><input/><p class="hint"/></div>. */
export function field(label, input, hint) {
  const id = input.id || uid("field");
  input.id = id;
  const hintEl = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hintEl);
}

/** Disables a form's controls (and marks it busy) while `task` runs. */
export async function busy(form, task) {
  const controls = [...form.querySelectorAll("button, input, select")].filter((c) => !c.disabled);
  form.setAttribute("aria-busy", "true");
  controls.forEach((c) => (c.disabled = true));
  try {
    return await task();
  } finally {
    form.removeAttribute("aria-busy");
    controls.forEach((c) => (c.disabled = false));
  }
}

/** "eyJhbGciOi…" → "eyJh… (312 characters)": enough to recognise a secret, not to use it. */
export const mask = (secret) => (secret ? t("secret.masked", { start: String(secret).slice(0, 4), length: String(secret).length }) : "–");

/** A local time such as "21:04:28". */
export const clock = (iso) => {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "–";
};

/** A definition list from [term, value] pairs. */
export const details = (pairs) =>
  h("dl", { class: "details" }, pairs.filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
