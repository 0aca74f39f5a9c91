// A static page prerendered by `next build`: the client component's server render imports the package.
import Login from "../login.js";

export default function Page() {
  return <main><Login /></main>;
}
