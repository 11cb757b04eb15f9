// Status messages for everyone: the visible status bar is an aria-live
// region, so screen readers hear what sighted users see.

let politeRegion = null;
let alertRegion = null;

export function initStatus(polite, assertive) {
  politeRegion = polite;
  alertRegion = assertive;
}

// A routine message ("Loaded 320 incidents").
export function announce(message) {
  if (!politeRegion) return;
  politeRegion.textContent = message;
  politeRegion.classList.remove('is-error');
}

// A failure the user must notice; `error` may be an ApiError.
export function announceError(prefix, error) {
  const detail = error && error.message ? error.message : String(error || '');
  const text = detail ? `${prefix}: ${detail}` : prefix;
  if (politeRegion) {
    politeRegion.textContent = text;
    politeRegion.classList.add('is-error');
  }
  if (alertRegion) alertRegion.textContent = text;
}
