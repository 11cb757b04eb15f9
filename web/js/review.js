// Reviewing an incident (verify or reject, with a reason): the API call
// and the modal reason dialog shared by the panel and the queue.

import * as api from './api.js';
import { h } from './dom.js';
import { emit } from './state.js';

export const MAX_REASON_BYTES = 2000;

// POSTs the review and publishes 'reviewed' with the updated incident.
export async function review(id, status, reason) {
  const incident = await api.post(`/api/v1/incidents/${encodeURIComponent(id)}/review`,
    { status, reason });
  emit('reviewed', incident);
  return incident;
}

let dialog = null;

function buildDialog() {
  const reason = h('textarea', { id: 'reason-text', rows: 4, maxlength: MAX_REASON_BYTES,
    required: true, 'aria-describedby': 'reason-hint reason-error' });
  const form = h('form', { method: 'dialog', class: 'reason-form' },
    h('h2', { id: 'reason-title' }, 'Reason'),
    h('label', { for: 'reason-text', id: 'reason-label' }, 'Reason'),
    reason,
    h('p', { id: 'reason-hint', class: 'hint' },
      'Say what the decision rests on (e.g. "footage geolocated"). Required.'),
    h('p', { id: 'reason-error', class: 'error', role: 'alert' }),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', value: 'ok', id: 'reason-ok' }, 'Confirm'),
      h('button', { type: 'button', value: 'cancel', id: 'reason-cancel' }, 'Cancel')));
  const element = h('dialog', { id: 'reason-dialog', 'aria-labelledby': 'reason-title' }, form);
  document.body.append(element);
  return { element, form, reason };
}

// Asks for a reason in a modal dialog; resolves to the text, or null when
// cancelled (Escape or Cancel). `title` names the decision.
export function askReason(title) {
  if (!dialog) dialog = buildDialog();
  const { element, form, reason } = dialog;
  element.querySelector('#reason-title').textContent = title;
  element.querySelector('#reason-error').textContent = '';
  reason.value = '';
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const finish = (value) => {
      form.removeEventListener('submit', onSubmit);
      cancelButton.removeEventListener('click', onCancel);
      element.removeEventListener('cancel', onCancel);
      if (element.open) element.close();
      if (opener && opener.focus) opener.focus();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (!text) {
        element.querySelector('#reason-error').textContent = 'A reason is required.';
        reason.focus();
        return;
      }
      if (new TextEncoder().encode(text).length > MAX_REASON_BYTES) {
        element.querySelector('#reason-error').textContent =
          `At most ${MAX_REASON_BYTES} bytes, please.`;
        return;
      }
      finish(text);
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    const cancelButton = element.querySelector('#reason-cancel');
    form.addEventListener('submit', onSubmit);
    cancelButton.addEventListener('click', onCancel);
    element.addEventListener('cancel', onCancel);
    element.showModal();
    reason.focus();
  });
}
