// The login page: a labelled form; errors are shown beside it and read
// out (role=alert). Calls onLoggedIn(me) on success.

import * as api from './api.js';
import { h } from './dom.js';

export function createLoginPage(element, { onLoggedIn }) {
  const name = h('input', { type: 'text', id: 'login-name', name: 'username',
    autocomplete: 'username', required: true, autocapitalize: 'off', spellcheck: 'false' });
  const password = h('input', { type: 'password', id: 'login-password', name: 'password',
    autocomplete: 'current-password', required: true });
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'login-submit' }, 'Log in');
  const form = h('form', { class: 'login-form', 'aria-labelledby': 'login-title', novalidate: true },
    h('h1', { id: 'login-title' }, 'Log in to Truceline'),
    h('div', { class: 'field' }, h('label', { for: 'login-name' }, 'User name'), name),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), password),
    error, submit);
  element.append(form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    for (const input of [name, password]) input.removeAttribute('aria-invalid');
    if (!name.value.trim() || !password.value) {
      const missing = !name.value.trim() ? name : password;
      missing.setAttribute('aria-invalid', 'true');
      error.textContent = 'Enter your user name and password.';
      missing.focus();
      return;
    }
    submit.disabled = true;
    try {
      const me = await api.login(name.value.trim(), password.value);
      password.value = '';
      onLoggedIn(me);
    } catch (failure) {
      error.textContent = failure.status === 401
        ? 'Wrong user name or password.'
        : failure.status === 429 ? `Too many failed logins. ${failure.message}` : failure.message;
      password.setAttribute('aria-invalid', 'true');
      password.select();
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });

  return {
    show() {
      error.textContent = '';
      name.focus();
    },
  };
}
