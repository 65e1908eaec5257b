// A real OpenID provider for ConsoleOidcE2ETest: panva's oidc-provider (OpenID Certified), pinned by package-lock.json.
// Two clients: the console as a public client and, on a second admin-api, as a confidential one.
// Its development login form takes any login name; the name picks the groups claim (the platform's roles), so each
// role can sign in. Access tokens are JWTs (RFC 9068) for the admin API as the resource, as Keycloak and most
// providers issue them. Prints "READY <issuer>" once listening (its log: e2e-tests/target/oidc-provider.log).
import { Provider } from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID;
const redirectUri = process.env.OIDC_REDIRECT_URI;
const resource = process.env.OIDC_RESOURCE;
const groupsByLogin = { 'ada-admin': ['admin'], 'otto-operator': ['operator'], 'vera-viewer': ['viewer'], 'nobody': ['staff'] };

const provider = new Provider(issuer, {
  clients: [{
    // the console as a public client (no secret; PKCE is what binds the code to the browser)
    client_id: clientId,
    token_endpoint_auth_method: 'none',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  }, {
    // the console as a confidential client: admin-api authenticates with client_secret_basic
    client_id: process.env.OIDC_CONFIDENTIAL_CLIENT_ID,
    client_secret: process.env.OIDC_CONFIDENTIAL_CLIENT_SECRET,
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: [process.env.OIDC_CONFIDENTIAL_REDIRECT_URI],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  }],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'offline_access'],
  claims: { openid: ['sub'], profile: ['preferred_username'] },
  ttl: { AccessToken: Number(process.env.OIDC_ACCESS_TOKEN_TTL || 600) },
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return { sub: id, preferred_username: id }; } };
  },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'mail-admin', audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  async extraTokenClaims(ctx, token) {
    if (token.kind !== 'AccessToken') return undefined;
    return { groups: groupsByLogin[token.accountId] || [], preferred_username: token.accountId };
  },
  issueRefreshToken: async (ctx, client, code) => client.grantTypeAllowed('refresh_token'),
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(`READY ${issuer}`));
