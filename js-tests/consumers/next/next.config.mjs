// The test app's own routing (the sandbox is another origin); nothing here is about mfa-flows.
export default {
  rewrites: async () => [{ source: "/riffyn/:path*", destination: `${process.env.SANDBOX_URL}/riffyn/:path*` }],
};
