// A static page prerendered by `next build`: the client components' server render imports the package
// (one with a module-scope client whose baseUrl is relative).
import Login from "../login.js";
import Proxied from "../proxied.js";

export default function Page() {
  return <main><Login /><Proxied /></main>;
}
