// The login page: Riffyn sign-in with its authenticator code, then a Belvo bank link (QR), each
// challenge shown by <mfa-challenge>; every call goes through the backend's /mfa proxy.
import "mfa-flows/ui";
import { RiffynClient, toChallenge as riffynChallenge } from "mfa-flows/riffyn";
import { BelvoClient, toChallenge as belvoChallenge } from "mfa-flows/belvo";

const riffyn = new RiffynClient({ baseUrl: "/mfa/riffyn" });
const belvo = new BelvoClient({ baseUrl: "/mfa/belvo" });
const challenge = document.querySelector("mfa-challenge");
const status = document.getElementById("status");
const signIn = document.getElementById("sign-in");
const bank = document.getElementById("bank");

/**
 * Shows the pending `step` until `attempt(step, detail)` answers a finished one; a wrong code is
 * shown by the element and the user tries again. Resolves the finished step, or null on Cancel.
 */
function complete(step, toChallenge, attempt) {
  return new Promise((resolve) => {
    const finish = (result) => {
      challenge.removeEventListener("mfa-submit", submit);
      challenge.removeEventListener("mfa-cancel", cancel);
      challenge.challenge = null;
      challenge.hidden = true;
      resolve(result);
    };
    const submit = async (event) => {
      challenge.busy = true;
      try {
        step = await attempt(step, event.detail);
        if (step.status === "SUCCESS") finish(step);
        else challenge.challenge = toChallenge(step); // another step (a chained bank token)
      } catch (error) {
        challenge.error = error;
      } finally {
        challenge.busy = false;
      }
    };
    const cancel = () => finish(null);
    challenge.addEventListener("mfa-submit", submit);
    challenge.addEventListener("mfa-cancel", cancel);
    challenge.challenge = toChallenge(step);
    challenge.hidden = false;
  });
}

const me = async () => (await fetch("/me")).json();

signIn.addEventListener("submit", async (event) => {
  event.preventDefault();
  status.textContent = "";
  try {
    let step = await riffyn.login({ username: signIn.username.value, password: signIn.password.value });
    if (step.status === "MFA_REQUIRED") {
      signIn.hidden = true;
      step = await complete(step, riffynChallenge, (s, { code, factorId }) =>
        riffyn.verify({ stateToken: s.stateToken, expiresAt: s.expiresAt, factorId: factorId ?? s.factors[0].id, passCode: code }));
    }
    if (!step) return void (signIn.hidden = false);
    const { user } = await me(); // what the backend learned from Riffyn itself
    status.textContent = `Signed in as ${user}`;
    bank.hidden = false;
  } catch (error) {
    status.textContent = `Sign-in failed: ${error.code ?? error.message}`;
  }
});

bank.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    let step = await belvo.registerLink({ institution: bank.institution.value, username: bank.username.value, password: bank.password.value });
    if (step.status === "TOKEN_REQUIRED") {
      bank.hidden = true;
      // A QR (or confirm-in-app) step resumes without a token: Continue sends code "".
      step = await complete(step, belvoChallenge, (s, { code }) => belvo.resume(s, code ? { token: code } : {}));
    }
    if (!step) return void (bank.hidden = false);
    status.textContent = `Bank connected (link ${step.data.id})`;
  } catch (error) {
    status.textContent = `Bank connection failed: ${error.code ?? error.message}`;
  }
});
