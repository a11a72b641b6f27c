// Sign-in by OIDC authorization code with PKCE (oidc-client-ts) against the configured issuer:
// the development issuer locally, Keycloak in production. The token is the user's; the app
// shows who they are but decides nothing with it — the API does.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { jwtDecode } from 'jwt-decode';

let manager;

/** Reads the server's sign-in settings and prepares the client. */
export async function configure() {
  const response = await fetch('/app/config.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`The app's settings could not be read (${response.status})`);
  const settings = await response.json();
  manager = new UserManager({
    authority: settings.issuer,
    client_id: settings.clientId,
    scope: settings.scope,
    redirect_uri: `${location.origin}/app/`,
    post_logout_redirect_uri: `${location.origin}/app/`,
    response_type: 'code',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });
  return settings;
}

/** Finishes a sign-in when the issuer has just sent the browser back; answers the saved route. */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('state') || !(params.has('code') || params.has('error'))) return undefined;
  const user = await manager.signinRedirectCallback();
  return user?.state?.route ?? '';
}

/**
 * Sends the browser to the issuer; after sign-in the app opens `route`. An EHR launch's `launch`
 * and `aud` (SMART App Launch) go with the request, for an issuer that resolves launch context.
 */
export function signIn(route = location.hash, launch = {}) {
  const extraQueryParams = Object.fromEntries(Object.entries(launch).filter(([, v]) => v));
  return manager.signinRedirect({ state: { route }, extraQueryParams });
}

export async function signOut() {
  await manager.removeUser();
  location.assign('/app/');
}

/** The signed-in user's session, or undefined when there is none (or it has ended). */
export async function session() {
  const user = await manager.getUser();
  if (!user || user.expired) return undefined;
  const claims = jwtDecode(user.access_token);
  return {
    token: user.access_token,
    expiresAt: new Date(user.expires_at * 1000),
    name: claims.name ?? claims.preferred_username ?? claims.sub,
    username: claims.preferred_username ?? claims.sub,
    roles: claims.realm_access?.roles ?? [],
    organisation: claims.organisation,
    practitioner: claims.practitioner,
  };
}
