// JSON over the service's API, for every page: a failed call throws the API's error and the field it names.
// Calls carry the API token of this tab (sessionStorage: gone when the tab closes) in the Authorization header,
// never in a cookie, so that no other site's page can act with it. Without a valid one, a sign-in form appears.
'use strict';

const TOKEN_KEY = 'cvalues.token';

function apiToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function apiCall(method, path, body) {
  const headers = body ? { 'Content-Type': 'application/json' } : {};
  const token = apiToken();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'omit',
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (response.status === 401) {
    showSignIn(token ? 'This token was refused: unknown, expired or revoked.' : 'Sign in with an API token.');
  }
  if (!response.ok) {
    const field = data && data.field ? ` (${data.field})` : '';
    throw new Error(((data && data.error) || `HTTP ${response.status} from ${path}`) + field);
  }
  return data;
}

/** Who this tab's token is: {name, roles}. */
function whoAmI() {
  return apiCall('GET', '/api/me');
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
}

function showSignIn(message) {
  if (document.getElementById('sign-in')) {
    return;
  }
  const form = document.createElement('form');
  form.id = 'sign-in';
  form.className = 'sign-in';
  const text = document.createElement('p');
  text.textContent = message;
  const input = document.createElement('input');
  input.type = 'password';
  input.id = 'token';
  input.autocomplete = 'off';
  input.placeholder = 'cvt_…';
  input.setAttribute('aria-label', 'API token');
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Sign in';
  const hint = document.createElement('p');
  hint.className = 'hint';
  hint.textContent = 'The token stays in this tab only. An admin makes one with ./cvalues token create --role viewer.';
  form.append(text, input, button, hint);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim()) {
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      location.reload();
    }
  });
  document.body.prepend(form);
  input.focus();
}
