// The console's one way to talk to the server: JSON over /api/v1/, the CSRF token on every state change.
let csrf = null;

export function setCsrf(token) {
  csrf = token;
}

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

export async function api(method, path, body) {
  const options = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrf) {
    options.headers['X-CSRF-Token'] = csrf;
  }
  const response = await fetch('/api/v1/' + path, options);
  if (response.status === 204) {
    return null;
  }
  let data;
  try {
    data = await response.json();
  } catch (e) {
    throw new ApiError(response.status, 'the server answered ' + response.status + ' without JSON');
  }
  if (!response.ok) {
    if (response.status === 401) {
      window.dispatchEvent(new CustomEvent('logged-out'));
    }
    throw new ApiError(response.status, data.error || ('HTTP ' + response.status), data.field);
  }
  return data;
}

// Builds elements with text only (never HTML from data): h('td', {class: 'value'}, '42').
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on')) {
      el.addEventListener(key.substring(2), value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, value);
    }
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) {
      el.append(c instanceof Node ? c : String(c));
    }
  }
  return el;
}

export function badge(word) {
  return h('span', { class: 'badge ' + word }, word);
}
