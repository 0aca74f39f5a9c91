// The element's own words (labels, buttons, status, countdown, errors by MfaErrorCode), following
// docs/glossary.md: es is Latin American with "tú", pt-BR uses "você". The challenge's `prompt`
// comes already localized from toChallenge(step, { locale }); provider text is never looked up here.
//
// One line per key of KEYS, in that order (a test checks the count): about 250 bytes less brotli
// than an object per locale, which matters within the entry's 6 KiB. `{t}` is the time left.
// Error lines: one per MfaErrorCode, plus `empty` (Verify with no code) and `unknown`.
export const KEYS = ("code verify cont cancel factor waiting checking qr shown left retry retryNow " +
  "empty invalid_code expired rejected aborted invalid_credentials rate_limited network timeout server_error " +
  "bad_response provider_error unauthorized forbidden not_found invalid_input insecure_url browser_secret unknown").split(" ");

/** First of the error lines in KEYS. */
export const FIRST_ERROR = KEYS.indexOf("empty");

/** @type {Record<"en" | "es" | "pt-BR", string>} */
export const STRINGS = {
  en: `Verification code
Verify
Continue
Cancel
Verify with
Waiting for approval…
Checking…
QR code to scan
Challenge code
Expires in {t}
You can try again in {t}.
You can try again now.
Enter the code.
That code isn't right. Check it and try again.
Time ran out. Start again.
The sign-in request was denied.
The sign-in was cancelled.
Your username or password isn't right.
Too many attempts. Wait a moment, then try again.
Can't connect. Check your internet connection and try again.
The sign-in service took too long to answer. Try again.
The sign-in service is having trouble. Try again in a moment.
The sign-in service sent an answer we couldn't read. Try again.
The sign-in service turned down the request. Try again.
The sign-in service turned down this site. Try again later.
That isn't allowed. Contact the site's support.
This sign-in request no longer exists. Start again.
Some details are missing or not valid.
This sign-in page isn't set up correctly. Contact the site's support.
This sign-in page isn't set up correctly. Contact the site's support.
Something went wrong. Try again.`,
  es: `Código de verificación
Verificar
Continuar
Cancelar
Verificar con
Esperando la aprobación…
Verificando…
Código QR para escanear
Código de desafío
Vence en {t}
Puedes intentarlo de nuevo en {t}.
Ya puedes intentarlo de nuevo.
Escribe el código.
Ese código no es correcto. Revísalo e inténtalo de nuevo.
Se venció el plazo. Vuelve a empezar.
Se rechazó la solicitud de inicio de sesión.
Se canceló el inicio de sesión.
Tu usuario o contraseña no son correctos.
Demasiados intentos. Espera un momento e inténtalo de nuevo.
No hay conexión. Revisa tu conexión a internet e inténtalo de nuevo.
El servicio de inicio de sesión tardó demasiado en responder. Inténtalo de nuevo.
El servicio de inicio de sesión tiene problemas. Inténtalo de nuevo en un momento.
El servicio de inicio de sesión envió una respuesta que no pudimos leer. Inténtalo de nuevo.
El servicio de inicio de sesión rechazó la solicitud. Inténtalo de nuevo.
El servicio de inicio de sesión rechazó a este sitio. Inténtalo de nuevo más tarde.
Eso no está permitido. Contacta al soporte del sitio.
Esta solicitud de inicio de sesión ya no existe. Vuelve a empezar.
Faltan datos o alguno no es válido.
Esta página de inicio de sesión no está bien configurada. Contacta al soporte del sitio.
Esta página de inicio de sesión no está bien configurada. Contacta al soporte del sitio.
Algo salió mal. Inténtalo de nuevo.`,
  "pt-BR": `Código de verificação
Verificar
Continuar
Cancelar
Verificar com
Aguardando aprovação…
Verificando…
Código QR para escanear
Código de desafio
Expira em {t}
Você pode tentar novamente em {t}.
Você já pode tentar novamente.
Digite o código.
Código incorreto. Confira e tente novamente.
O prazo expirou. Comece de novo.
A solicitação de login foi recusada.
O login foi cancelado.
Usuário ou senha incorretos.
Muitas tentativas. Aguarde um momento e tente novamente.
Sem conexão. Verifique sua internet e tente novamente.
O serviço de login demorou demais para responder. Tente novamente.
O serviço de login está com problemas. Tente novamente em instantes.
O serviço de login enviou uma resposta que não conseguimos ler. Tente novamente.
O serviço de login recusou a solicitação. Tente novamente.
O serviço de login recusou este site. Tente novamente mais tarde.
Isso não é permitido. Fale com o suporte do site.
Esta solicitação de login não existe mais. Comece de novo.
Há dados faltando ou inválidos.
Esta página de login não está configurada corretamente. Fale com o suporte do site.
Esta página de login não está configurada corretamente. Fale com o suporte do site.
Algo deu errado. Tente novamente.`,
};

/** The words of `locale` by key ("en" for any other locale). */
export const words = (/** @type {string} */ locale) => {
  const lines = (Object.hasOwn(STRINGS, locale) ? STRINGS[/** @type {"en"} */ (locale)] : STRINGS.en).split("\n");
  return /** @type {Record<string, string>} */ (Object.fromEntries(KEYS.map((key, i) => [key, lines[i]])));
};
