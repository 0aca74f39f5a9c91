// The user's devices, played by the sandbox's control API (sandbox/README.md, "Control API"):
// the bank's token device, the phone's text messages, OneLogin Protect. Against the real
// providers a person does this part; against the sandbox a script can.
export function sandboxDevice(sandboxUrl) {
  const control = async (method, path, body) => {
    const res = await fetch(`${sandboxUrl}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox control ${method} ${path}: HTTP ${res.status}`);
    return res.json();
  };
  return {
    control,
    /** The token the bank's token device shows for a Belvo session. */
    async bankToken(session) {
      const open = await control("GET", "/belvo/sessions");
      const found = open.find((s) => s.session === session);
      if (!found?.expectedToken) throw new Error("the sandbox has no token for this Belvo session");
      return found.expectedToken;
    },
    /** The code of the newest text message sent to a OneLogin device. */
    async smsCode(deviceId) {
      const outbox = await control("GET", "/outbox");
      const message = outbox.filter((m) => m.deviceId === deviceId).at(-1);
      if (!message) throw new Error(`no text message for device ${deviceId}`);
      return message.code;
    },
    /** "manual": pushes wait for approvePush/denyPush; "auto": approved on the 3rd poll. */
    pushMode: (mode) => control("POST", "/push-mode", { mode }),
    /** Approves the pending push of a state token (the person taps Approve in OneLogin Protect). */
    approvePush: (stateToken) => control("POST", "/pushes/approve", { stateToken }),
    denyPush: (stateToken) => control("POST", "/pushes/deny", { stateToken }),
    reset: () => control("POST", "/reset"),
  };
}
