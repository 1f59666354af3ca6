/* DigiSoc case screens, progressive enhancement only: the forms work without this script. It stops an upload
 * that is over the size limit before the bytes are sent, and moves focus to an error summary. */
/* global document */
(function () {
  'use strict';

  function showError(form, input, message) {
    var error = document.getElementById(input.id + '-error');
    if (error) {
      error.textContent = message;
      error.hidden = false;
    }
    input.setAttribute('aria-invalid', 'true');
    var field = input.closest('.field');
    if (field) field.classList.add('field-invalid');
    input.focus();
  }

  function clearError(input) {
    var error = document.getElementById(input.id + '-error');
    if (error && error.dataset.client === '1') {
      error.textContent = '';
      error.hidden = true;
      input.removeAttribute('aria-invalid');
      var field = input.closest('.field');
      if (field) field.classList.remove('field-invalid');
    }
  }

  document.querySelectorAll('form[data-upload-form]').forEach(function (form) {
    var max = Number(form.getAttribute('data-max-bytes'));
    var message = form.getAttribute('data-too-large') || '';
    var input = form.querySelector('input[type=file]');
    if (!input || !max) return;
    input.addEventListener('change', function () {
      clearError(input);
    });
    form.addEventListener('submit', function (event) {
      var file = input.files && input.files[0];
      if (file && file.size > max) {
        event.preventDefault();
        var error = document.getElementById(input.id + '-error');
        if (error) error.dataset.client = '1';
        showError(form, input, message);
      }
    });
  });

  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();
