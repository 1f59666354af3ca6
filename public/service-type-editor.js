/* DigiSoc service-type editor: re-renders the preview of the needs-assessment form from the definition JSON as the
 * administrator types. Progressive enhancement only: the "Preview" button renders the same preview on the server. */
/* global document, window */
(function () {
  'use strict';

  var source = document.querySelector('textarea[data-preview-source]');
  if (!source) return;
  var target = document.getElementById(source.getAttribute('data-preview-target') || '');
  var status = document.getElementById(source.getAttribute('data-preview-status') || '');
  if (!target) return;
  var lang = document.documentElement.lang === 'en' ? 'en' : 'lv';
  var TYPES = ['text', 'textarea', 'number', 'integer', 'boolean', 'date', 'select'];

  function localized(text) {
    if (typeof text === 'string') return text;
    if (text && typeof text === 'object') {
      var v = text[lang] !== undefined ? text[lang] : text.lv !== undefined ? text.lv : text.en;
      return typeof v === 'string' ? v : '';
    }
    return '';
  }

  function el(name, attrs, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false)
        node.setAttribute(k, String(attrs[k]));
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function isNum(v) {
    return typeof v === 'number' && isFinite(v);
  }

  function fieldNode(f, index) {
    var key = typeof f.key === 'string' && f.key ? f.key : 'field' + index;
    var type = TYPES.indexOf(f.type) >= 0 ? f.type : 'text';
    var id = 'pv-' + key.replace(/[^A-Za-z0-9_-]/g, '') + '-' + index;
    var label = localized(f.label) || key;
    var help = f.help ? localized(f.help) : '';
    var wrap = el('div', { class: 'field', 'data-field-key': key });
    var describedBy = help ? id + '-hint' : null;
    if (type === 'boolean') {
      wrap.appendChild(
        el('input', { id: id, name: key, type: 'checkbox', value: 'true', 'aria-describedby': describedBy }),
      );
      wrap.appendChild(el('label', { for: id }, label));
      if (help) wrap.appendChild(el('p', { class: 'hint', id: id + '-hint' }, help));
      return wrap;
    }
    var labelNode = el('label', { for: id }, label);
    if (f.required === true) {
      labelNode.appendChild(document.createTextNode(' '));
      labelNode.appendChild(
        el('span', { class: 'required' }, '(' + (source.getAttribute('data-required-label') || '') + ')'),
      );
    }
    wrap.appendChild(labelNode);
    if (help) wrap.appendChild(el('p', { class: 'hint', id: id + '-hint' }, help));
    var input;
    if (type === 'textarea') {
      input = el('textarea', {
        id: id,
        name: key,
        rows: 4,
        maxlength: isNum(f.maxLength) ? f.maxLength : null,
      });
    } else if (type === 'select') {
      input = el('select', { id: id, name: key });
      input.appendChild(el('option', { value: '' }, source.getAttribute('data-choose') || ''));
      (Array.isArray(f.options) ? f.options : []).forEach(function (o) {
        if (!o || typeof o !== 'object' || o.value === undefined) return;
        input.appendChild(el('option', { value: String(o.value) }, localized(o.label) || String(o.value)));
      });
    } else {
      var numeric = type === 'number' || type === 'integer';
      input = el('input', {
        id: id,
        name: key,
        type: numeric ? 'number' : type === 'date' ? 'date' : 'text',
        step: type === 'integer' ? '1' : type === 'number' ? 'any' : null,
        min: numeric && isNum(f.min) ? f.min : null,
        max: numeric && isNum(f.max) ? f.max : null,
        maxlength: type === 'text' && isNum(f.maxLength) ? f.maxLength : null,
      });
    }
    if (f.required === true) input.setAttribute('required', '');
    if (describedBy) input.setAttribute('aria-describedby', describedBy);
    wrap.appendChild(input);
    return wrap;
  }

  function showStatus(message) {
    if (!status) return;
    status.textContent = message;
    status.hidden = !message;
  }

  function render() {
    var definition;
    try {
      definition = JSON.parse(source.value);
    } catch (e) {
      showStatus((source.getAttribute('data-invalid-json') || '') + ' ' + e.message);
      return;
    }
    var form = definition && typeof definition === 'object' ? definition.assessmentForm : null;
    var fields = form && Array.isArray(form.fields) ? form.fields : [];
    while (target.firstChild) target.removeChild(target.firstChild);
    fields.forEach(function (f, i) {
      if (f && typeof f === 'object') target.appendChild(fieldNode(f, i));
    });
    showStatus(fields.length ? '' : source.getAttribute('data-no-fields') || '');
  }

  var timer = null;
  source.addEventListener('input', function () {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(render, 150);
  });
})();
