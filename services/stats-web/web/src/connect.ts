import type { ConnectView } from '../../src/api/schema/api-schema.js';
import { addressProblem } from './address.js';
import { getJson } from './api.js';
import { fillCommand } from './commands.js';
import { byId, setField, showError } from './dom.js';

/** The connect page: where to point XMRig, with the miner's own address filled in. */
async function load(): Promise<void> {
  const info = await getJson<ConnectView>('/api/connect');
  const host = info.host ?? location.hostname;
  setField('host', host);
  setField('ports', info.ports.join(', ') || 'none');
  setField('tls-ports', info.tlsPorts.join(', ') || 'none');
  setField('fingerprint', info.tlsFingerprint ?? 'not published: ask the operator');
  const address = byId('address-input') as HTMLInputElement;
  const worker = byId('worker-input') as HTMLInputElement;
  address.value = new URLSearchParams(location.search).get('address') ?? '';
  const problem = byId('address-problem');
  const update = () => {
    const values = { host, miner: address.value.trim(), worker: worker.value };
    // The address comes from the URL or the box: checked before it goes anywhere.
    const why = values.miner === '' ? undefined : addressProblem(values.miner, info.network);
    problem.hidden = why === undefined;
    problem.textContent = why === undefined ? '' : `Not a ${info.network} Monero address: ${why}.`;
    for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-keep-address]')) {
      a.href =
        values.miner !== '' && why === undefined
          ? `/miner.html?address=${encodeURIComponent(values.miner)}`
          : '/miner.html';
    }
    const line = (id: string, template: string | null) => {
      const pre = byId(id);
      if (template === null) pre.textContent = 'not offered by this pool';
      else if (why !== undefined) pre.textContent = 'no command: the address above is not valid';
      else pre.textContent = fillCommand(template, info.placeholders, values);
      pre.dataset.command = template !== null && why === undefined ? 'yes' : 'no';
    };
    line('xmrig-plain', info.xmrig.plain);
    line('xmrig-tls', info.xmrig.tls);
  };
  address.addEventListener('input', update);
  worker.addEventListener('input', update);
  update();
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.addEventListener('click', () => {
      const pre = byId(button.dataset.copy ?? '');
      if (pre.dataset.command !== 'yes') {
        flash(button, 'no command to copy');
        return;
      }
      const text = pre.textContent ?? '';
      void navigator.clipboard?.writeText(text).then(
        () => flash(button, 'copied'),
        () => flash(button, 'select and copy by hand'),
      );
    });
  }
}

function flash(button: HTMLButtonElement, text: string): void {
  const before = button.textContent;
  button.textContent = text;
  setTimeout(() => {
    button.textContent = before;
  }, 1500);
}

load().catch((err: unknown) => showError(byId('error'), err));
