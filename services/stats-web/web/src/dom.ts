/** Small DOM helpers: elements are built with textContent only (never HTML from data). */

type Child = Node | string;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; title?: string; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.title) e.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export function byId(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e;
}

/** Sets the text of every element marked data-field="name". */
export function setField(name: string, text: string, title?: string): void {
  for (const e of document.querySelectorAll<HTMLElement>(`[data-field="${name}"]`)) {
    e.textContent = text;
    if (title !== undefined) e.title = title;
  }
}

/** A table into `host`: header cells, then one row per item (each row marked data-row="key"). */
export function renderTable(
  host: HTMLElement,
  headers: readonly string[],
  rows: ReadonlyArray<{ key: string; cells: Child[] }>,
  empty: string,
): void {
  if (rows.length === 0) {
    host.replaceChildren(el('p', { className: 'muted' }, empty));
    return;
  }
  const head = el('tr', {}, ...headers.map((h) => el('th', {}, h)));
  const body = rows.map((r) =>
    el('tr', { attrs: { 'data-row': r.key } }, ...r.cells.map((c) => el('td', {}, c))),
  );
  host.replaceChildren(
    el('div', { className: 'table-wrap' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body))),
  );
}

/** Monospace text shortened on screen, whole in its title and when copied. */
export function code(full: string, shown = full): HTMLElement {
  return el('code', { title: full, attrs: { 'data-full': full } }, shown);
}

export function showError(host: HTMLElement, err: unknown): void {
  host.hidden = false;
  host.textContent = err instanceof Error ? err.message : String(err);
}

/** Runs `load` now and every `ms` while the page is visible. */
export function refreshEvery(ms: number, load: () => Promise<void>): void {
  void load();
  setInterval(() => {
    if (document.visibilityState === 'visible') void load();
  }, ms);
}
