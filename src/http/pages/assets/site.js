// Progressive enhancement for every page (served from /assets/site.js; the pages work without it):
// a "copy" button next to a resource's IRI, and the highlighted quote scrolled into view on /source.
(function () {
  'use strict';
  var iri = document.querySelector('p.iri code');
  if (iri && navigator.clipboard) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-iri';
    button.textContent = 'Copy IRI';
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(iri.textContent || '').then(
        function () {
          button.textContent = 'Copied';
        },
        function () {
          button.textContent = 'Copy failed';
        },
      );
    });
    iri.parentNode.appendChild(button);
  }
  var mark = document.getElementById('quote');
  if (mark && typeof mark.scrollIntoView === 'function') mark.scrollIntoView({ block: 'center' });
})();
