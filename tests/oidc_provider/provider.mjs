// A real, independent OpenID provider (panva/oidc-provider, OpenID Certified) for the tests.
// Started by tests/backoffice/test_login_external.py (which waits for the port to open).
//   PORT             port on 127.0.0.1
//   CLIENT_JSON      the back office's registration {client_id, client_secret, redirect_uris, post_logout_redirect_uris}
//   ACCOUNTS_JSON    {"<login>": {"name": ..., "portal_roles": [...], "portal_departments": [...]}}
//   API_AUDIENCE     the staff API: client-credentials tokens for it are RFC 9068 JWTs
//   SYSTEM_JSON      a department system's registration {client_id, client_secret}
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS_JSON);
const client = JSON.parse(process.env.CLIENT_JSON);
const system = JSON.parse(process.env.SYSTEM_JSON);
const audience = process.env.API_AUDIENCE;

const provider = new Provider(issuer, {
  clients: [{
    ...client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }, {
    ...system,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email'],
    portal: ['portal_roles', 'portal_departments'],
  },
  // ID tokens carry only the standard claims; names and roles come from userinfo.
  conformIdTokenClaims: true,
  findAccount: async (ctx, id) => (accounts[id] ? {
    accountId: id,
    claims: async () => ({ sub: id, preferred_username: id, ...accounts[id] }),
  } : undefined),
  scopes: ['openid', 'offline_access', 'audit:read', 'staff:read'],
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (ctx, c) => (c.clientId === system.client_id ? audience : undefined),
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource) => {
        if (resource !== audience) throw new Error('unknown resource');
        return { scope: 'audit:read staff:read', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  cookies: { keys: ['portal-tests-only'] },
  ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => {
  console.log('READY');
});
