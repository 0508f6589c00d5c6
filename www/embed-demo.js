// The mock portal's script: logs every OpenFEM event of both widgets (one listener on the
// document, as the events bubble and are composed), and lets the log be cleared.
const log = document.getElementById('events');
const NAMES = ['openfem-ready', 'openfem-change', 'openfem-score', 'openfem-complete', 'openfem-post', 'openfem-error'];

function summary(type, detail) {
  switch (type) {
    case 'openfem-ready': return `mounted on draft ${detail.draft}`;
    case 'openfem-change': return `${detail.ref} = ${JSON.stringify(detail.value)}`;
    case 'openfem-score':
    case 'openfem-complete': return `total ${detail.total.toFixed(1)}, ${Math.floor(detail.completion.percent)}% answered`;
    case 'openfem-post': return `${Object.keys(detail.answers).length} answers posted`;
    default: return `${detail.code}: ${detail.message}`;
  }
}

for (const type of NAMES) {
  document.addEventListener(type, (event) => {
    const li = document.createElement('li');
    li.dataset.event = type;
    li.dataset.widget = event.target.id;
    li.textContent = `${event.target.id} ${type}: ${summary(type, event.detail)}`;
    log.append(li);
  });
}

document.getElementById('log-clear').addEventListener('click', () => log.replaceChildren());
