// Registers the service worker that lets the published page work offline (www/sw.js). Only the
// page that scripts/dist.mjs writes names one, in a <meta>: www/ served during development
// registers none, so it never serves stale files while the page is being edited.
const meta = document.querySelector('meta[name="scim-preflight-service-worker"]');

function register() {
  // Relative to the document, so the page works under any sub-path of its host.
  navigator.serviceWorker.register(new URL(meta.content, document.baseURI), { scope: './' })
    // The page works without it, only not offline: nothing to tell the user.
    .catch((error) => console.warn('scim-preflight: the service worker was not registered:', error));
}

if (meta && 'serviceWorker' in navigator) {
  // After the page's own files have loaded, so precaching them again does not slow the first load.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
