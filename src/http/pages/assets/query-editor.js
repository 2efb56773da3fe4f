// The query editor (served from /assets/query-editor.js): mounts YASGUI over the plain form on /sparql,
// with the endpoint, prefixes and stored queries from the page's JSON data block. No remote requests:
// no prefix.cc, no LOV autocompletion, no link shortener; results as a table.
(function () {
  'use strict';
  var configElement = document.getElementById('query-config');
  var mount = document.getElementById('yasgui');
  if (!configElement || !mount || typeof window.Yasgui !== 'function') return;
  var config = JSON.parse(configElement.textContent || '{}');
  var Yasgui = window.Yasgui;
  // Only the local completers: 'property' and 'class' query a remote vocabulary service.
  Yasgui.Yasqe.defaults.autocompleters = ['prefixes', 'variables'];
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var yasgui = new Yasgui(mount, {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: endpoint }];
      },
    },
    yasqe: { value: config.defaultQuery, createShareableLink: null, consumeShareLink: null, prefixCcApi: null },
    yasr: { defaultPlugin: 'table', pluginOrder: ['table', 'response'], prefixes: config.prefixes },
  });
  var form = document.querySelector('form.plain-query');
  if (form) form.hidden = true;
  var examples = {};
  (config.examples || []).forEach(function (example) {
    examples[example.name] = example;
  });
  Array.prototype.forEach.call(document.querySelectorAll('button.load-example'), function (button) {
    var example = examples[button.getAttribute('data-example')];
    if (!example) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var tab = yasgui.addTab(true, { name: example.title, yasqe: { value: example.query } });
      if (tab && typeof tab.getYasqe === 'function' && tab.getYasqe()) tab.getYasqe().setValue(example.query);
      mount.scrollIntoView({ block: 'start' });
    });
  });
  // YASGUI leaves a few controls without names and puts its add-tab button inside the tablist;
  // fix those (again after each re-render) so the page passes an accessibility check.
  function label(selector, text) {
    Array.prototype.forEach.call(mount.querySelectorAll(selector), function (el) {
      if (!el.getAttribute('aria-label')) el.setAttribute('aria-label', text);
    });
  }
  function patch() {
    label('input.autocomplete', 'SPARQL endpoint');
    label('.CodeMirror textarea', 'SPARQL query');
    label('select.tableSizer', 'Rows per page');
    label('.dataTables_filter input, .dt-search input, input[type="search"]', 'Filter results');
    Array.prototype.forEach.call(mount.querySelectorAll('.CodeMirror-scroll[tabindex="-1"]'), function (el) {
      el.setAttribute('tabindex', '0');
    });
    // A tablist may own only tabs: move the add-tab button (not its wrapper, which YASGUI inserts
    // new tabs before) to just after the list.
    Array.prototype.forEach.call(mount.querySelectorAll('[role="tablist"] button.addTab'), function (button) {
      var list = button.closest('[role="tablist"]');
      list.parentNode.insertBefore(button, list.nextSibling);
    });
  }
  patch();
  new MutationObserver(patch).observe(mount, { childList: true, subtree: true });
  window.anmc21Yasgui = yasgui;
})();
