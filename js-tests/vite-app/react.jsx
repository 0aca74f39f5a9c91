// A React 19 app that uses <mfa-challenge> as a bundler user would: React 19 sets the element's
// properties (challenge, busy, error are objects/booleans, not attributes) and listens to its
// events through `onmfa-submit` / `onmfa-cancel`. A real Riffyn sign-in through the test's server
// (which forwards /riffyn/ to the sandbox): login → MFA_REQUIRED → the element → verify.
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { RiffynClient, toChallenge } from "mfa-flows";
import "mfa-flows/ui";

const client = new RiffynClient({ baseUrl: `${location.origin}/riffyn/v1` });

function App() {
  const [step, setStep] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [signedIn, setSignedIn] = useState(false);
  const [cancelled, setCancelled] = useState(0);
  useEffect(() => {
    client.login({ username: "alice", password: "correct-horse-battery" }).then(setStep, setError);
  }, []);

  async function verify(event) {
    const { code, factorId } = event.detail;
    setBusy(true);
    setError(null);
    try {
      const next = await client.verify({ stateToken: step.stateToken, factorId, passCode: code, expiresAt: step.expiresAt });
      if (next.status === "SUCCESS") setSignedIn(true);
      else setStep(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (signedIn) return <p id="signed-in">Sesión iniciada</p>;
  return (
    <>
      <h1>Iniciar sesión</h1>
      {/* toChallenge gives a new, equal object on every render: the element keeps what was typed. */}
      <mfa-challenge
        locale="es"
        challenge={step ? toChallenge(step) : null}
        busy={busy}
        error={error}
        onmfa-submit={verify}
        onmfa-cancel={() => setCancelled((n) => n + 1)}
      />
      <p id="cancelled">{cancelled}</p>
    </>
  );
}

createRoot(document.getElementById("root")).render(<App />);
