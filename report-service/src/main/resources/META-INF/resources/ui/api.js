// JSON over the service's API, for every page: a failed call throws the API's error and the field it names.
'use strict';

async function apiCall(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    const field = data && data.field ? ` (${data.field})` : '';
    throw new Error(((data && data.error) || `HTTP ${response.status} from ${path}`) + field);
  }
  return data;
}
