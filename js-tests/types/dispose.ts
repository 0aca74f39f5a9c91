// With lib esnext.disposable (tsconfig.json), a client is Disposable: `using` frees it.
import { RiffynClient } from "mfa-flows";

export function scoped(): void {
  using client = new RiffynClient({ baseUrl: "https://api.app.riffyn.com/v1" });
  void client.login({ username: "a", password: "b" });
}
