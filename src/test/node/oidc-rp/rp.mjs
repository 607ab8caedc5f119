// A relying party built on the stock openid-client library, configured with nothing but the
// issuer URL, a client id (and secret) and a redirect URI. The browser part is played by a fetch
// that carries the SSO session cookie the test signed in with; everything else is the library's:
// discovery, PKCE, state, nonce, RFC 9207 iss check, ID token validation (signature by the JWKS),
// code exchange, UserInfo, refresh, end-session URL.
// Usage: node rp.mjs ISSUER CLIENT_ID REDIRECT_URI SESSION_COOKIE [CLIENT_SECRET]
// With ID_TOKEN_ALG set (issue 14), the client's metadata says id_token_signed_response_alg = that
// value, and openid-client accepts ID tokens signed with exactly that algorithm (RS256 otherwise).
import * as client from 'openid-client';

const [issuer, clientId, redirectUri, sessionCookie, secret] = process.argv.slice(2);
const options = { execute: [client.allowInsecureRequests] };
const metadata = process.env.ID_TOKEN_ALG ? { id_token_signed_response_alg: process.env.ID_TOKEN_ALG } : undefined;
const config = secret
  ? await client.discovery(new URL(issuer), clientId, metadata, client.ClientSecretBasic(secret), options)
  : await client.discovery(new URL(issuer), clientId, metadata, client.None(), options);

const verifier = client.randomPKCECodeVerifier();
const challenge = await client.calculatePKCECodeChallenge(verifier);
const state = client.randomState();
const nonce = client.randomNonce();
const url = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri, scope: 'openid email profile', code_challenge: challenge, code_challenge_method: 'S256', state, nonce,
});
const answer = await fetch(url, { redirect: 'manual', headers: { cookie: `__Host-gatehouse-session=${sessionCookie}` } });
const location = answer.headers.get('location');
if (!location || !location.startsWith(redirectUri)) {
  throw new Error(`authorize answered ${answer.status} ${location}`);
}
const tokens = await client.authorizationCodeGrant(config, new URL(location), {
  pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
});
const claims = tokens.claims();
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
const endSession = client.buildEndSessionUrl(config, {
  id_token_hint: tokens.id_token, post_logout_redirect_uri: redirectUri.replace(/\/cb$/, '/bye'), state: 'bye-state',
});
console.log(JSON.stringify({
  sub: claims.sub, aud: claims.aud, nonce: claims.nonce === nonce, email: userinfo.email, userinfoSub: userinfo.sub,
  scope: tokens.scope, refreshRotated: refreshed.refresh_token !== tokens.refresh_token && !!refreshed.access_token,
  endSession: endSession.href,
  idTokenAlg: JSON.parse(Buffer.from(tokens.id_token.split('.')[0], 'base64url').toString()).alg,
}));
