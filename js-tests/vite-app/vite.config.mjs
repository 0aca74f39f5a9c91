// `vite build` of the app in this folder into target/vite-app/ (git-ignored), as js-tests/vite.test.mjs runs it.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../../target/vite-app/", import.meta.url)),
    emptyOutDir: true,
    // Two pages: the package alone (index.html) and a React 19 app with <mfa-challenge> (react.html).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL("index.html", import.meta.url)),
        react: fileURLToPath(new URL("react.html", import.meta.url)),
      },
    },
  },
});
