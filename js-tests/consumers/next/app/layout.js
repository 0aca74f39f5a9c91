export const metadata = { title: "mfa-flows in Next.js" };

export default function RootLayout({ children }) {
  return <html lang="en"><body>{children}</body></html>;
}
