// The demo page: three sign-in flows (tabs) beside a device panel, all on the sandbox.
// The package is imported as a native ES module; it instantiates its WebAssembly on import.
import { VERSION } from "mfa-flows";
import { control } from "./app/config.js";
import { pending } from "./app/store.js";
import { riffynFlow } from "./app/riffyn.js";
import { belvoFlow } from "./app/belvo.js";
import { oneloginFlow } from "./app/onelogin.js";
import { devicePanel } from "./app/device-panel.js";
import { localeSwitch } from "./app/locale.js";
import { translatePage } from "./app/words.js";

document.getElementById("version").textContent = `mfa-flows ${VERSION}`;
localeSwitch(document.getElementById("locale"));
translatePage();

// Pushes wait for the person: approve or deny them in the device panel.
await control("POST", "/push-mode", { mode: "manual" }).catch(() => {});

const flows = {
  riffyn: riffynFlow(document.getElementById("panel-riffyn")),
  belvo: belvoFlow(document.getElementById("panel-belvo")),
  onelogin: oneloginFlow(document.getElementById("panel-onelogin")),
};

// Tabs (WAI-ARIA tabs pattern: arrows, Home and End move between them).
const tabs = [...document.querySelectorAll('[role="tab"]')];
function select(tab, focus = false) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
  }
  pending.save("tab", tab.dataset.provider);
  document.getElementById("device").dataset.tab = tab.dataset.provider; // narrow screens: its section first
  if (focus) tab.focus();
}
for (const tab of tabs) {
  tab.addEventListener("click", () => select(tab));
  tab.addEventListener("keydown", (event) => {
    const i = tabs.indexOf(tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(tabs[(to + tabs.length) % tabs.length], true);
  });
}
const saved = pending.load("tab");
select(tabs.find((t) => t.dataset.provider === saved) ?? tabs[0]);

await Promise.all([
  flows.riffyn.start(),
  flows.belvo.start(),
  flows.onelogin.start(),
  devicePanel(document.getElementById("device")).start(),
]);
document.body.dataset.ready = "true";
