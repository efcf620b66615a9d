import { listNames, providerKeyEntries } from '../environments.js';
import { result, type Check } from '../types.js';

/**
 * Environment variables with these prefixes are compiled into browser bundles by Next.js, Vite,
 * Create React App, Expo, Nuxt, Gatsby, SvelteKit and Vue CLI: a provider key read from one is
 * almost certainly also shipped to browsers.
 */
const BROWSER_PREFIXES = ['NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'EXPO_PUBLIC_', 'NUXT_PUBLIC_', 'NUXT_ENV_', 'GATSBY_', 'PUBLIC_', 'VUE_APP_'];

export const noBrowserFacingProviderKey: Check = {
  id: 'no-browser-facing-provider-key',
  title: 'No browser-facing provider key',
  run(ctx) {
    const exposed = providerKeyEntries(ctx.config)
      .filter((e) => e.ref.startsWith('env:') && BROWSER_PREFIXES.some((p) => e.ref.slice(4).startsWith(p)))
      .map((e) => `${e.place} (${e.ref})`);
    if (exposed.length > 0) {
      return result(this, 'fail', `Provider keys read from variables that front-end builds publish: ${listNames(exposed)}.`,
        'Revoke those keys at the provider (treat them as leaked), issue new ones into a server-only secret, and give browsers only gateway keys behind your backend.');
    }
    return result(this, 'pass', 'No provider key is read from a browser-published variable; clients that send a provider key are refused (`provider_key_refused`), and the gateway never returns its own.');
  },
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const corsAndRouteExposure: Check = {
  id: 'cors-and-route-exposure',
  title: 'CORS and route exposure',
  run(ctx) {
    if (ctx.cors?.allowOrigin !== undefined) {
      return result(this, 'fail', `A preflight from a foreign origin to ${ctx.cors.target} got Access-Control-Allow-Origin: ${ctx.cors.allowOrigin.slice(0, 80)}. Browsers on any site may call the gateway.`,
        'Remove the CORS headers added in front of the gateway (proxy, load balancer); call the gateway from your backend, not from browsers.');
    }
    const probed = ctx.cors ? `A foreign-origin preflight to ${ctx.cors.target} got no CORS headers.` : 'The gateway sends no CORS headers (there is no option to add them); run with --url to probe a deployment, since a proxy in front may add them.';
    const exposed = !LOOPBACK.has(ctx.config.server.host);
    if (exposed && ctx.config.admin.token !== undefined) {
      return result(this, 'warn', `${probed} The admin page is on and the gateway listens on ${ctx.config.server.host}, beyond this machine.`,
        'Serve the gateway over TLS (a reverse proxy) and restrict /admin to operators\' networks, or keep admin off where it is not needed.');
    }
    const admin = ctx.config.admin.token !== undefined ? 'The admin page is on, behind its token, on a loopback address.' : 'The admin page is off.';
    return result(this, 'pass', `${probed} ${admin}`);
  },
};
