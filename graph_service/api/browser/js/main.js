// The page's entry: the language, the model, the key, then the explorer and the view the address
// asks for.

import { Api, ApiError, queries } from './api.js';
import { Explorer } from './explorer.js';
import { loadLanguage, preferredLanguage, t, translatePage } from './i18n.js';
import { parseHash, toHash } from './state.js';
import { $, Status } from './ui.js';

const KEY_STORE = 'graph-service-key';

function askForKey(message) {
  return new Promise((resolve) => {
    const dialog = $('key-dialog');
    if (message) $('key-text').textContent = message;
    $('key-form').addEventListener('submit', () => resolve($('key-input').value.trim()), { once: true });
    dialog.showModal();
  });
}

async function start() {
  const status = new Status($('status'));
  const { state, key: handedOver } = parseHash(location.hash);
  if (handedOver) {
    sessionStorage.setItem(KEY_STORE, handedOver);
    history.replaceState(null, '', toHash(state) === '#' ? location.pathname + location.search : toHash(state));
  }
  let model;
  try {
    state.lang = preferredLanguage(state.lang);
    await loadLanguage(state.lang);
    translatePage();
    const response = await fetch('/explore/model.json');
    model = await response.json();
  } catch {
    status.error('Il servizio non risponde. · The service cannot be reached.');
    return;
  }
  // The key is tried before the explorer is built: a refused key leaves nothing wired to it.
  let key = sessionStorage.getItem(KEY_STORE) ?? (await askForKey());
  let options = null;
  for (;;) {
    try {
      options = await new Api(key).query(queries.filterOptions);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        sessionStorage.removeItem(KEY_STORE);
        key = await askForKey(t('key.refused'));
        continue;
      }
      status.error(error.message);
    }
    break;
  }
  sessionStorage.setItem(KEY_STORE, key);
  const explorer = new Explorer(model, new Api(key));
  explorer.state.lang = state.lang;
  if (options) {
    const years = [options.firstYear, options.lastYear].flatMap((c) => c.nodes.map((n) => n.year)).filter(Boolean);
    explorer.fillFilterOptions(options, years);
  }
  explorer.translate();
  if (matchMedia('(max-width: 900px)').matches) explorer.togglePanel(false); // a tablet: the graph first
  window.explorer = explorer; // for whoever automates the page (and its tests)
  await explorer.restore(state);
  document.body.dataset.ready = 'true';
}

start();
