// The language of the whole page (its own words, app/words.js, and toChallenge's and
// <mfa-challenge>'s `locale`): chosen in the top bar, kept in localStorage. A change reloads the page, which resumes any pending step.
const KEY = "mfa-demo-locale";
const LOCALES = ["en", "es", "pt-BR"];

export function currentLocale() {
  let saved = null;
  try { saved = localStorage.getItem(KEY); } catch {}
  return LOCALES.includes(saved) ? saved : "en";
}

export function localeSwitch(select) {
  select.value = currentLocale();
  document.documentElement.lang = currentLocale();
  select.addEventListener("change", () => {
    try { localStorage.setItem(KEY, select.value); } catch {}
    location.reload();
  });
}
