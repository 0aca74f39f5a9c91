// The element's shadow CSS. Themed from outside through the custom properties below (defaults
// meet WCAG 2.2 AA on a white page) and ::part(root | prompt | display | display-label |
// display-value | qr | form | factors | factor | field | label | input | status | actions | button |
// submit | cancel | countdown | error).
//   --mfa-accent (#0b57d0)   buttons, focus ring, spinner      --mfa-on-accent (#fff)  text on the accent
//   --mfa-muted (#57606a)    countdown, display label          --mfa-error (#b3261e)   error text
//   --mfa-border (#6e7781)   input and QR frame                --mfa-radius (8px)      corners
//   --mfa-input-bg (#fff), --mfa-input-color (#1f2328), --mfa-focus (the accent), --mfa-gap (14px)
// An empty message (status, error, countdown) is taken out of the flow, not out of the
// accessibility tree, so a live region is in place before its first words arrive.
export const CSS = `
:host{display:block;--a:var(--mfa-accent,#0b57d0);--r:var(--mfa-radius,8px);--b:1px solid var(--mfa-border,#6e7781)}
:host([hidden]){display:none}
[part~=root]{display:grid;gap:var(--mfa-gap,14px);overflow-wrap:anywhere}
p,fieldset{margin:0}
[part~=prompt]{font-weight:600}
[part~=display]{display:grid;gap:2px}
[part~=display-label],[part~=countdown]{color:var(--mfa-muted,#57606a);font-size:.875em}
[part~=display-value]{font-size:1.75em;font-weight:700;letter-spacing:.12em;overflow-wrap:anywhere}
[part~=qr]{width:200px;max-width:100%;background:#fff;border:var(--b);border-radius:var(--r)}
form,fieldset,[part~=field]{display:grid;gap:8px}
fieldset{border:0;padding:0}
legend,label{font-weight:600;padding:0}
[part~=factor]{display:flex;gap:10px;align-items:center;min-height:32px;font-weight:400}
[type=radio]{width:20px;height:20px;margin:0;accent-color:var(--a)}
[part~=input]{box-sizing:border-box;width:100%;max-width:20rem;font:inherit;font-size:1.375em;padding:8px 12px;border:var(--b);border-radius:var(--r);background:var(--mfa-input-bg,#fff);color:var(--mfa-input-color,#1f2328)}
[aria-invalid=true]{border:2px solid var(--mfa-error,#b3261e)}
:focus-visible{outline:3px solid var(--mfa-focus,var(--a));outline-offset:2px}
[part~=actions]{display:flex;flex-wrap:wrap;gap:10px}
button{font:inherit;font-weight:600;min-height:44px;padding:0 20px;border-radius:var(--r);border:2px solid var(--a);background:none;color:var(--a);cursor:pointer}
[part~=submit]{background:var(--a);color:var(--mfa-on-accent,#fff)}
:disabled,[aria-disabled=true]{opacity:.6;cursor:not-allowed}
[part~=status]{display:flex;gap:10px;align-items:center}
[data-wait]:before{content:"";width:14px;height:14px;flex:none;border:3px solid #0000;border-color:var(--a) #0000;border-radius:50%;animation:s 1s linear infinite}
@keyframes s{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){[data-wait]:before{animation:none}}
[part~=error]{color:var(--mfa-error,#b3261e);font-weight:600}
p:empty{position:absolute}
`;
