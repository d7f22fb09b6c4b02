/**
 * The display application: toolbar, event panel, pick panel, three.js view. Embeddable:
 * `new DisplayApp(element, options)` then `openUrl(datasetUrl)` or `openLoader(loader)`.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { compileExpression, getSetup, tagBits, type EventKey, type Setup } from '@na64/format';
import { VIRIDIS_STOPS, type EnergyScale } from '../colors.ts';
import { Columns } from '../columns.ts';
import { type CellInstances } from '../event-scene.ts';
import { openHttpLoader, type EventLoader, type LoadedEvent } from '../loader.ts';
import { defaultTransverseScale, describeSetup, elementInfo, type SetupDescription } from '../setup-scene.ts';
import { parseEventKey, summarizeEvent } from '../summary.ts';
import { buildCellMesh, buildEventGroup, buildSetupGroup, faceTranslucentBoxes, pickTarget, setTransverseScale, viewCamera, type EventObjects, type PickTarget, type ViewName } from '../three-scene.ts';
import { formatUrlState, type UrlState } from '../url-state.ts';

export interface DisplayAppOptions {
  initial?: UrlState;
  /** Keep the page URL in step with the event, view and camera (the standalone app does). */
  syncUrl?: boolean;
}

/** How many recently shown events stay in memory (an event's tables are a few kB to a few MB). */
const RECENT_EVENTS = 32;

/** Synthetic calorimeter layout of `DisplayApp.benchCells` (lengths in mm). */
export interface BenchLayout {
  pitch: number;
  size: number;
  length: number;
  layerGap: number;
  z0: number;
  perLayer: number;
  perRow: number;
}

export const CANDIDATE_LISTS: Record<string, string> = {
  invisible: 'tags & invisible',
  dimuon: 'tags & dimuon',
  x17: 'tags & x17',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number.isNaN(v) ? 'NaN' : Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : v.toFixed(4);
  if (Array.isArray(v)) return `[${v.map(fmt).join(', ')}]`;
  return String(v);
}

function kvTable(rows: [string, string][]): HTMLTableElement {
  const t = el('table', { class: 'kv' });
  for (const [k, v] of rows) {
    const tr = el('tr');
    tr.append(el('td', {}, k), el('td', {}, v));
    t.append(tr);
  }
  return t;
}

export class DisplayApp {
  readonly root: HTMLElement;
  readonly renderer: THREE.WebGLRenderer;
  readonly scene = new THREE.Scene();
  readonly world = new THREE.Group();
  readonly camera = new THREE.PerspectiveCamera(30, 1, 10, 2e6);
  readonly controls: OrbitControls;
  loader?: EventLoader;
  setup?: Setup;
  setupDesc?: SetupDescription;
  keys: EventKey[] = [];
  current?: LoadedEvent;
  objects?: EventObjects;
  candidates?: EventKey[];
  lastPick?: PickTarget;
  state: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  private beamEnergy = Number.NaN;
  private setupGroup?: THREE.Group;
  private k = 20;
  private view: ViewName = '3d';
  private energyScale: EnergyScale = 'linear';
  private threshold = 0;
  private showTruth = true;
  private showLabels = true;
  private dirty = true;
  private loadSeq = 0;
  private readonly ui: Record<string, HTMLElement> = {};
  /** Events read recently (key -> event, E0), so going back and forth does not read them again. */
  private readonly recent = new Map<string, [LoadedEvent, number]>();
  private labels: { div: HTMLDivElement; pos: THREE.Vector3 }[] = [];

  constructor(
    root: HTMLElement,
    private readonly options: DisplayAppOptions = {},
  ) {
    this.root = root;
    root.classList.add('na64');
    const init = options.initial ?? {};
    if (init.k) this.k = init.k;
    if (init.view) this.view = init.view;
    if (init.scale) this.energyScale = init.scale;
    if (init.threshold !== undefined) this.threshold = init.threshold;
    if (init.truth !== undefined) this.showTruth = init.truth;
    this.buildDom();
    const canvas = this.ui.canvas as HTMLCanvasElement;
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.renderer.setClearColor(0x0d1014);
    this.scene.add(new THREE.AmbientLight(0xffffff, 1.6), this.world);
    const sun = new THREE.DirectionalLight(0xffffff, 1.4);
    sun.position.set(1, 2, -1);
    this.scene.add(sun);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener('change', () => (this.dirty = true));
    this.controls.addEventListener('end', () => this.syncUrl());
    new ResizeObserver(() => this.resize()).observe(this.ui.view);
    this.bindEvents();
    this.resize();
    const loop = () => {
      if (this.dirty) this.render();
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  // ---------- DOM

  private buildDom(): void {
    const bar = el('div', { class: 'na64-bar' });
    const button = (id: string, text: string, title: string) => {
      const b = el('button', { 'data-id': id, title }, text);
      this.ui[id] = b;
      return b;
    };
    const keyInput = el('input', { 'data-id': 'key', size: '14', placeholder: 'run:spill:event', title: 'go to run:spill:event (g)' });
    this.ui.key = keyInput;
    const list = el('select', { 'data-id': 'list-select', title: 'candidate list' });
    for (const [v, t] of [['', 'all events'], ['invisible', 'invisible candidates'], ['dimuon', 'dimuon candidates'], ['x17', 'X17 candidates'], ['expr', 'expression...']]) list.append(el('option', { value: v }, t));
    this.ui.listSelect = list;
    const expr = el('input', { 'data-id': 'expr', size: '26', placeholder: 'e_ecal < 50 && e_hcal < 1', title: 'candidate expression over events columns (Enter)' });
    this.ui.expr = expr;
    const kInput = el('input', { 'data-id': 'k', type: 'range', min: '1', max: '100', value: String(this.k), title: 'transverse exaggeration (+/-)' });
    this.ui.k = kInput;
    this.ui.kText = el('span', {}, `x${this.k}`);
    const scale = el('select', { 'data-id': 'scale', title: 'energy colour scale' });
    for (const s of ['linear', 'log']) scale.append(el('option', { value: s }, s));
    (scale as HTMLSelectElement).value = this.energyScale;
    this.ui.scale = scale;
    const thr = el('input', { 'data-id': 'threshold', size: '5', value: String(this.threshold), title: 'cell energy threshold, GeV' });
    this.ui.threshold = thr;
    bar.append(
      button('prev', '\u25c0', 'previous event (left arrow, p)'),
      keyInput,
      button('go', 'go', 'go to the event'),
      button('next', '\u25b6', 'next event (right arrow, n)'),
      el('span', { class: 'sep' }),
      list,
      expr,
      el('span', { class: 'sep' }),
      button('view-zx', 'ZX', 'side view, bending plane z-x (1)'),
      button('view-zy', 'ZY', 'top view, z-y (2)'),
      button('view-beam', 'beam', "beam's-eye view (3)"),
      button('view-3d', '3D', '3D orbit (4)'),
      el('span', {}, 'x/y'),
      kInput,
      this.ui.kText,
      el('span', { class: 'sep' }),
      scale,
      el('span', {}, 'thr'),
      thr,
      el('span', {}, 'GeV'),
      button('truth', 'truth', 'show truth particles (t)'),
      button('labels', 'labels', 'show element labels (l)'),
      button('screenshot', 'PNG', 'save a screenshot (s)'),
    );
    const side = el('div', { class: 'na64-side' });
    this.ui.eventPanel = el('div', { 'data-id': 'event-panel' });
    this.ui.legend = el('div', { class: 'na64-legend', 'data-id': 'legend' });
    this.ui.list = el('select', { class: 'na64-list', size: '8', 'data-id': 'candidates' });
    this.ui.listInfo = el('div', { 'data-id': 'list-info', class: 'keys' });
    side.append(el('h3', {}, 'Event'), this.ui.eventPanel, el('h3', {}, 'Cell energy'), this.ui.legend, el('h3', {}, 'Candidates'), this.ui.listInfo, this.ui.list, el('h3', {}, 'Keys'), el('div', { class: 'keys' }, '\u2190/\u2192 or p/n: previous/next; g: go to; 1-4: views; +/-: exaggeration; t: truth; l: labels; r: reset camera; s: screenshot. Click a cell, track, particle or element to inspect it.'));
    const view = el('div', { class: 'na64-view' });
    this.ui.view = view;
    this.ui.canvas = el('canvas', { 'data-id': 'canvas' });
    this.ui.labels = el('div', { class: 'na64-labels' });
    this.ui.msg = el('div', { class: 'na64-msg', 'data-id': 'message', role: 'alert' });
    view.append(this.ui.canvas, this.ui.labels, this.ui.msg);
    const pick = el('div', { class: 'na64-pick' });
    this.ui.pick = el('div', { 'data-id': 'pick-panel' }, 'Click an object to see its columns.');
    pick.append(el('h3', {}, 'Selection'), this.ui.pick);
    this.root.replaceChildren(bar, side, view, pick);
    this.updateButtons();
  }

  private bindEvents(): void {
    const on = (id: string, type: string, f: (e: Event) => void) => this.ui[id].addEventListener(type, f);
    on('prev', 'click', () => void this.step(-1));
    on('next', 'click', () => void this.step(1));
    const go = () => {
      const key = parseEventKey((this.ui.key as HTMLInputElement).value);
      if (!key) this.message(`"${(this.ui.key as HTMLInputElement).value}" is not run:spill:event`);
      else void this.showEvent(key);
    };
    on('go', 'click', go);
    on('key', 'keydown', (e) => (e as KeyboardEvent).key === 'Enter' && go());
    on('listSelect', 'change', () => {
      const v = (this.ui.listSelect as HTMLSelectElement).value;
      if (v === 'expr') (this.ui.expr as HTMLInputElement).focus();
      else void this.setList(v);
    });
    on('expr', 'keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter') {
        (this.ui.listSelect as HTMLSelectElement).value = 'expr';
        void this.setList((this.ui.expr as HTMLInputElement).value);
      }
    });
    on('list', 'change', () => {
      const key = parseEventKey((this.ui.list as HTMLSelectElement).value);
      if (key) void this.showEvent(key);
    });
    for (const v of ['zx', 'zy', 'beam', '3d'] as const) on(`view-${v}`, 'click', () => this.setView(v));
    on('k', 'input', () => this.setTransverse(Number((this.ui.k as HTMLInputElement).value)));
    on('scale', 'change', () => {
      this.energyScale = (this.ui.scale as HTMLSelectElement).value as EnergyScale;
      this.rebuildEvent();
    });
    on('threshold', 'change', () => {
      const t = Number((this.ui.threshold as HTMLInputElement).value);
      if (t >= 0) {
        this.threshold = t;
        this.rebuildEvent();
      }
    });
    on('truth', 'click', () => this.toggleTruth());
    on('labels', 'click', () => {
      this.showLabels = !this.showLabels;
      this.updateButtons();
      this.dirty = true;
    });
    on('screenshot', 'click', () => this.downloadScreenshot());
    // Click (without drag) picks.
    let down: { x: number; y: number } | undefined;
    on('canvas', 'pointerdown', (e) => (down = { x: (e as PointerEvent).clientX, y: (e as PointerEvent).clientY }));
    on('canvas', 'pointerup', (e) => {
      const p = e as PointerEvent;
      if (down && Math.hypot(p.clientX - down.x, p.clientY - down.y) < 4) this.pickAt(p.clientX, p.clientY);
      down = undefined;
    });
    window.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
      const actions: Record<string, () => void> = {
        ArrowRight: () => void this.step(1),
        n: () => void this.step(1),
        ArrowLeft: () => void this.step(-1),
        p: () => void this.step(-1),
        g: () => (this.ui.key as HTMLInputElement).focus(),
        '1': () => this.setView('zx'),
        '2': () => this.setView('zy'),
        '3': () => this.setView('beam'),
        '4': () => this.setView('3d'),
        '+': () => this.setTransverse(Math.min(100, Math.round(this.k * 1.5))),
        '=': () => this.setTransverse(Math.min(100, Math.round(this.k * 1.5))),
        '-': () => this.setTransverse(Math.max(1, Math.round(this.k / 1.5))),
        t: () => this.toggleTruth(),
        l: () => this.ui.labels && (this.ui.labels as HTMLElement).click(),
        r: () => this.setView(this.view),
        s: () => this.downloadScreenshot(),
      };
      const f = actions[e.key];
      if (f) {
        e.preventDefault();
        f();
      }
    });
  }

  private updateButtons(): void {
    for (const v of ['zx', 'zy', 'beam', '3d']) this.ui[`view-${v}`]?.classList.toggle('active', this.view === v);
    this.ui.truth?.classList.toggle('active', this.showTruth);
    this.ui.labels?.classList.toggle('active', this.showLabels);
    if (this.ui.kText) this.ui.kText.textContent = `x${this.k}`;
    if (this.ui.k) (this.ui.k as HTMLInputElement).value = String(this.k);
  }

  /** Shows a message over the view ('error' in red, 'info' in blue); empty text hides it. */
  message(text: string, kind: 'error' | 'info' = 'error'): void {
    const m = this.ui.msg;
    m.textContent = text;
    m.className = `na64-msg ${kind}${text ? ' show' : ''}`;
    if (text && kind === 'error') this.root.dataset.error = text;
    else delete this.root.dataset.error;
  }

  // ---------- data

  async openUrl(url: string): Promise<void> {
    this.state = 'loading';
    this.message('Opening the dataset...', 'info');
    let loader: EventLoader;
    try {
      loader = await openHttpLoader(url);
    } catch (e) {
      this.state = 'error';
      this.message(`Cannot read the dataset ${url}: ${(e as Error).message}`);
      return;
    }
    await this.openLoader(loader);
  }

  async openLoader(loader: EventLoader): Promise<void> {
    this.loader?.close();
    this.loader = loader;
    this.recent.clear();
    this.state = 'loading';
    try {
      const summary = await loader.open();
      this.setSetup(getSetup(summary.setupId));
      this.keys = await loader.eventKeys();
    } catch (e) {
      this.state = 'error';
      this.message(`Cannot read the dataset ${loader.label}: ${(e as Error).message}`);
      return;
    }
    this.message('');
    // The list of events is drawn once (showEvent only selects in it).
    this.renderList();
    const init = this.options.initial ?? {};
    if (init.list) await this.setList(init.list, false);
    const first = init.event ?? this.candidates?.[0] ?? this.keys[0];
    if (!first) {
      this.state = 'ready';
      this.message('The dataset holds no events.', 'info');
      return;
    }
    await this.showEvent(first);
    if (init.camera) {
      this.camera.position.set(init.camera[0], init.camera[1], init.camera[2]);
      this.controls.target.set(init.camera[3], init.camera[4], init.camera[5]);
      this.controls.update();
    }
  }

  private setSetup(setup: Setup): void {
    this.setup = setup;
    this.setupDesc = describeSetup(setup);
    if (!this.options.initial?.k) this.k = defaultTransverseScale(this.setupDesc);
    if (this.setupGroup) this.world.remove(this.setupGroup);
    this.setupGroup = buildSetupGroup(this.setupDesc);
    this.world.add(this.setupGroup);
    setTransverseScale(this.world, this.k);
    this.ui.labels.replaceChildren();
    this.labels = this.setupDesc.elements.map((e) => {
      const div = el('div', {}, e.name);
      this.ui.labels.append(div);
      return { div, pos: new THREE.Vector3(e.center.x, e.center.y + e.size.y / 2, e.center.z) };
    });
    this.setView(this.view);
    this.updateButtons();
  }

  /** Shows an event; resolves when it is drawn (or the error message shown). */
  async showEvent(key: EventKey): Promise<void> {
    if (!this.loader || !this.setup) return;
    const seq = ++this.loadSeq;
    this.state = 'loading';
    this.root.dataset.state = 'loading';
    let ev: LoadedEvent;
    let e0: number;
    try {
      const id = key.join(':');
      const cached = this.recent.get(id);
      if (cached) {
        [ev, e0] = cached;
        this.recent.delete(id);
      } else {
        const loader = this.loader;
        [ev, e0] = await Promise.all([loader.readEvent(key), loader.beamEnergy(key)]);
        if (loader !== this.loader) return;
      }
      // Most recently shown last; the oldest goes when the cache is full.
      this.recent.set(id, [ev, e0]);
      if (this.recent.size > RECENT_EVENTS) this.recent.delete(this.recent.keys().next().value!);
    } catch (e) {
      if (seq !== this.loadSeq) return;
      this.state = this.current ? 'ready' : 'error';
      this.root.dataset.state = this.state;
      this.message((e as Error).message.replace(/^.*?: (event .* does not exist)$/, '$1'));
      return;
    }
    if (seq !== this.loadSeq) return;
    this.message('');
    this.current = ev;
    this.beamEnergy = Number.isFinite(e0) ? e0 : this.setup.beam.energy;
    this.rebuildEvent();
    (this.ui.key as HTMLInputElement).value = key.join(':');
    const listSel = this.ui.list as HTMLSelectElement;
    listSel.value = key.join(':');
    this.state = 'ready';
    this.root.dataset.state = 'ready';
    this.root.dataset.eventKey = key.join(':');
    this.syncUrl();
  }

  /** Previous/next event (within the candidate list when one is active). */
  async step(direction: 1 | -1): Promise<void> {
    const keys = this.candidates ?? this.keys;
    if (!keys.length) return;
    const cur = this.current?.key.join(':');
    let i = keys.findIndex((k) => k.join(':') === cur);
    if (i < 0) {
      // Not in the list: go to the nearest list entry in the direction of travel.
      const all = this.keys.map((k) => k.join(':'));
      const pos = all.indexOf(cur ?? '');
      const after = keys.findIndex((k) => all.indexOf(k.join(':')) > pos);
      i = direction > 0 ? (after < 0 ? keys.length - 1 : after - 1) : after < 0 ? keys.length : after;
    }
    const next = keys[Math.min(keys.length - 1, Math.max(0, i + direction))];
    if (next.join(':') !== cur) await this.showEvent(next);
  }

  /**
   * Sets the candidate list: a preset name (invisible, dimuon, x17), an expression over events
   * columns, or '' for all events. Jumps to the first candidate when `jump`.
   */
  async setList(nameOrExpression: string, jump = true): Promise<void> {
    if (!this.loader) return;
    const text = CANDIDATE_LISTS[nameOrExpression] ?? nameOrExpression;
    if (!text.trim()) {
      this.candidates = undefined;
      this.renderList();
      this.syncUrl();
      return;
    }
    let keys: EventKey[];
    try {
      const expr = compileExpression(text, { constants: tagBits() });
      const table = await this.loader.eventColumns(expr.columns);
      const c = new Columns(table);
      const cols = Object.fromEntries([...expr.columns, 'run', 'spill', 'event'].map((n) => [n, c.num(n)]));
      keys = [];
      for (let i = 0; i < c.length; i++) if (expr.test((n) => cols[n][i])) keys.push([cols.run[i], cols.spill[i], cols.event[i]]);
    } catch (e) {
      this.message(`Candidate list "${text}": ${(e as Error).message}`);
      return;
    }
    this.message('');
    this.candidates = keys;
    this.listName = nameOrExpression;
    const sel = this.ui.listSelect as HTMLSelectElement;
    sel.value = CANDIDATE_LISTS[nameOrExpression] ? nameOrExpression : 'expr';
    if (!CANDIDATE_LISTS[nameOrExpression]) (this.ui.expr as HTMLInputElement).value = nameOrExpression;
    this.renderList();
    if (jump && keys.length) await this.showEvent(keys[0]);
    else this.syncUrl();
  }

  private listName?: string;

  private renderList(): void {
    const sel = this.ui.list as HTMLSelectElement;
    sel.replaceChildren();
    const keys = this.candidates ?? this.keys;
    for (const k of keys.slice(0, 5000)) sel.append(el('option', { value: k.join(':') }, k.join(':')));
    this.ui.listInfo.textContent = this.candidates ? `${this.candidates.length} of ${this.keys.length} events` : `${this.keys.length} events`;
    if (this.current) sel.value = this.current.key.join(':');
  }

  // ---------- scene

  private rebuildEvent(): void {
    if (!this.current || !this.setup) return;
    if (this.objects) {
      this.world.remove(this.objects.group);
      this.objects.dispose();
    }
    this.objects = buildEventGroup(this.setup, this.current, { scale: this.energyScale, threshold: this.threshold, showTruth: this.showTruth, beamEnergy: this.beamEnergy });
    this.world.add(this.objects.group);
    setTransverseScale(this.world, this.k);
    this.renderEventPanel();
    this.renderLegend(this.objects.cells);
    this.dirty = true;
  }

  private renderEventPanel(): void {
    const ev = this.current!;
    const s = summarizeEvent(ev.event, this.beamEnergy);
    const tags = el('div');
    for (const t of s.tags) tags.append(el('span', { class: 'tag' }, t));
    if (!s.tags.length) tags.textContent = 'none';
    const g = (v: number) => `${Number.isFinite(v) ? v.toFixed(3) : 'NaN'} GeV`;
    const table = kvTable([
      ['run:spill:event', s.key],
      ['trigger', `0x${(s.trigger >>> 0).toString(16)}`],
      ['E0 (beam)', g(s.beamEnergy)],
      ['ECAL', g(s.sums.ecal)],
      ['HCAL', g(s.sums.hcal)],
      ['WCAL', g(s.sums.wcal)],
      ['VETO', `${g(s.sums.veto)} (${s.veto})`],
      ['SRD', g(s.sums.srd)],
      ['sum', g(s.total)],
      ['missing E0 - sum', g(s.missing)],
      ['hits / tracks / truth', `${ev.hits.numRows} / ${ev.tracks.numRows} / ${ev.truth.numRows}`],
    ]);
    const tagRow = el('tr');
    tagRow.append(el('td', {}, 'tags'), el('td'));
    tagRow.lastElementChild!.append(tags);
    table.append(tagRow);
    this.ui.eventPanel.replaceChildren(table);
  }

  private renderLegend(cells: CellInstances): void {
    const bar = el('div', { class: 'bar' });
    bar.style.background = `linear-gradient(to right, ${VIRIDIS_STOPS.join(', ')})`;
    const ticks = el('div', { class: 'ticks' });
    const r = cells.range;
    const mid = r.scale === 'log' ? Math.sqrt(Math.max(r.min, 1e-9) * r.max) : (r.min + r.max) / 2;
    for (const v of [r.min, mid, r.max]) ticks.append(el('span', {}, v.toPrecision(3)));
    this.ui.legend.replaceChildren(bar, ticks, el('div', { class: 'keys' }, `${r.scale} scale, GeV; ${cells.count} cells shown; box size grows with energy`));
  }

  setTransverse(k: number): void {
    const old = this.k;
    this.k = Math.min(100, Math.max(1, Math.round(k)));
    setTransverseScale(this.world, this.k);
    // Keep the camera looking at the same setup point.
    const f = this.k / old;
    this.controls.target.set(this.controls.target.x * f, this.controls.target.y * f, this.controls.target.z);
    this.controls.update();
    this.updateButtons();
    this.dirty = true;
    this.syncUrl();
  }

  setView(view: ViewName): void {
    this.view = view;
    if (this.setupDesc) {
      const c = viewCamera(view, this.setupDesc, this.k, this.aspect());
      this.camera.up.copy(c.up);
      this.camera.position.copy(c.position);
      this.controls.target.copy(c.target);
      this.controls.enableRotate = view === '3d' || view === 'beam';
      this.controls.update();
    }
    this.updateButtons();
    this.dirty = true;
    this.syncUrl();
  }

  toggleTruth(): void {
    this.showTruth = !this.showTruth;
    const t = this.objects?.group.getObjectByName('truth-all');
    if (t) t.visible = this.showTruth;
    this.updateButtons();
    this.dirty = true;
    this.syncUrl();
  }

  private aspect(): number {
    const v = this.ui.view;
    return v.clientWidth / Math.max(1, v.clientHeight) || 1.6;
  }

  private resize(): void {
    const v = this.ui.view;
    const w = Math.max(1, v.clientWidth);
    const h = Math.max(1, v.clientHeight);
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.dirty = true;
  }

  render(): void {
    this.dirty = false;
    if (this.setupGroup) faceTranslucentBoxes(this.setupGroup, this.camera);
    this.renderer.render(this.scene, this.camera);
    this.placeLabels();
  }

  private placeLabels(): void {
    const v = this.ui.view;
    const w = v.clientWidth;
    const h = v.clientHeight;
    const p = new THREE.Vector3();
    for (const l of this.labels) {
      p.copy(l.pos).applyMatrix4(this.world.matrixWorld).project(this.camera);
      const visible = this.showLabels && p.z < 1 && p.z > -1 && Math.abs(p.x) < 1.05 && Math.abs(p.y) < 1.05;
      l.div.style.display = visible ? '' : 'none';
      if (visible) {
        l.div.style.left = `${((p.x + 1) / 2) * w}px`;
        l.div.style.top = `${((1 - p.y) / 2) * h}px`;
      }
    }
  }

  // ---------- picking

  /** Picks the object under a client (page) point and shows its columns; returns what was picked. */
  pickAt(clientX: number, clientY: number): PickTarget | undefined {
    const rect = (this.ui.canvas as HTMLCanvasElement).getBoundingClientRect();
    const ndc = new THREE.Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    const ray = new THREE.Raycaster();
    ray.setFromCamera(ndc, this.camera);
    ray.params.Line.threshold = this.camera.position.distanceTo(this.controls.target) * 0.004;
    const targets: THREE.Object3D[] = [];
    if (this.objects) targets.push(this.objects.group);
    let found: PickTarget | undefined;
    const visible = (o: THREE.Object3D | null): boolean => !o || (o.visible && visible(o.parent));
    const hits = ray.intersectObjects(targets, true).filter((h) => visible(h.object));
    // Solid objects (cells, vertex markers) under the cursor win over thin lines passing through them.
    const solid = hits.filter((h) => (h.object as THREE.Mesh).isMesh);
    for (const hit of [...solid, ...hits]) {
      found = pickTarget(hit);
      if (found) break;
    }
    if (!found && this.setupGroup) {
      for (const hit of ray.intersectObject(this.setupGroup, true)) {
        found = pickTarget(hit);
        if (found) break;
      }
    }
    this.showPick(found);
    return found;
  }

  /** Screen position (client coordinates) of a calorimeter cell instance: for tests and tours. */
  cellScreenPosition(instance = 0): { x: number; y: number } | undefined {
    const cells = this.objects?.cells;
    if (!cells || instance >= cells.count) return undefined;
    const p = new THREE.Vector3().fromArray(cells.centers, 3 * instance).applyMatrix4(this.world.matrixWorld).project(this.camera);
    const rect = (this.ui.canvas as HTMLCanvasElement).getBoundingClientRect();
    return { x: rect.left + ((p.x + 1) / 2) * rect.width, y: rect.top + ((1 - p.y) / 2) * rect.height };
  }

  showPick(target: PickTarget | undefined): void {
    this.lastPick = target;
    const panel = this.ui.pick;
    if (!target) {
      panel.replaceChildren('Nothing there.');
      return;
    }
    if ('element' in target) {
      const e = this.setupDesc!.elements.find((x) => x.name === target.element)!;
      panel.replaceChildren(el('div', { 'data-pick': `element:${e.name}` }, `element ${e.name}`), kvTable(elementInfo(e)));
      return;
    }
    const table = this.current![target.table];
    const row = new Columns(table).row(target.row);
    panel.replaceChildren(el('div', { 'data-pick': `${target.table}:${target.row}` }, `${target.table} row ${target.row}`), kvTable(Object.entries(row).map(([k, v]) => [k, fmt(v)])));
  }

  // ---------- URL, screenshots, benchmarks

  private syncUrl(): void {
    if (!this.options.syncUrl || !this.current) return;
    const p = this.camera.position;
    const t = this.controls.target;
    const state: UrlState = {
      data: this.options.initial?.data,
      event: this.current.key,
      view: this.view,
      k: this.k,
      camera: [p.x, p.y, p.z, t.x, t.y, t.z],
      truth: this.showTruth,
      scale: this.energyScale,
      threshold: this.threshold || undefined,
      list: this.candidates ? this.listName : undefined,
    };
    history.replaceState(null, '', formatUrlState(state));
  }

  /** The current view as a PNG data URL. */
  screenshot(): string {
    this.render();
    return (this.ui.canvas as HTMLCanvasElement).toDataURL('image/png');
  }

  downloadScreenshot(): void {
    const a = el('a', { href: this.screenshot(), download: `na64-${this.current?.key.join('-') ?? 'display'}.png` });
    a.click();
  }

  /** One frame forced to the end: render, then read one pixel back (waits for the GL work). */
  private finishFrame(): void {
    this.render();
    const gl = this.renderer.getContext();
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  }

  /**
   * Benchmark helper: shows each event in turn and returns the time of each switch in ms, from
   * the call to the event drawn (read, scene rebuilt, one frame rendered and finished).
   */
  async benchSwitch(keys: EventKey[]): Promise<number[]> {
    const times: number[] = [];
    for (const key of keys) {
      const t0 = performance.now();
      await this.showEvent(key);
      this.finishFrame();
      times.push(performance.now() - t0);
    }
    return times;
  }

  /**
   * Benchmark helper: hides the event's cells and shows `n` synthetic cells instead, `perLayer`
   * per layer in rows of `perRow`, with the given pitch, transverse size, depth and layer gap
   * (mm, layer 0 starting at z0), seen through a camera at `camera` = [px, py, pz, tx, ty, tz]
   * with vertical field of view `fov` and no transverse exaggeration; renders `frames` frames and
   * returns the mean frame time in ms (each frame forced to finish by reading one pixel back; the
   * camera moves by 1 um between frames).
   * Camera, exaggeration and cells are restored afterwards.
   */
  benchCells(n: number, frames: number, layout: BenchLayout, camera: number[], fov: number): { cells: number; msPerFrame: number; buildMs: number } {
    const { pitch, size, length, layerGap, z0, perLayer, perRow } = layout;
    const t0 = performance.now();
    const centers = new Float32Array(3 * n);
    const sizes = new Float32Array(3 * n);
    const colors = new Float32Array(3 * n);
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const layer = Math.floor(i / perLayer);
      const j = i % perLayer;
      centers[3 * i] = ((j % perRow) - (perRow - 1) / 2) * pitch;
      centers[3 * i + 1] = (Math.floor(j / perRow) - (perRow - 1) / 2) * pitch;
      centers[3 * i + 2] = z0 + layer * layerGap + length / 2;
      sizes.set([size, size, length], 3 * i);
      colors.set([Math.round(255 * ((i % 7) / 7)) / 255, 128 / 255, Math.round(255 * (1 - (i % 5) / 5)) / 255], 3 * i);
      rows[i] = i;
    }
    const mesh = buildCellMesh({ count: n, rows, elements: [], centers, sizes, energies: new Float32Array(n), colors, range: { min: 0, max: 1, scale: 'linear' } });
    mesh.name = 'bench-cells';
    const old = this.objects?.group.getObjectByName('cells');
    if (old) old.visible = false;
    this.world.add(mesh);
    const saved = { k: this.k, fov: this.camera.fov, position: this.camera.position.clone(), up: this.camera.up.clone(), target: this.controls.target.clone() };
    setTransverseScale(this.world, 1);
    this.camera.fov = fov;
    this.camera.up.set(0, 1, 0);
    this.camera.position.fromArray(camera, 0);
    this.controls.target.fromArray(camera, 3);
    this.camera.updateProjectionMatrix();
    this.controls.update();
    const buildMs = performance.now() - t0;
    this.finishFrame();
    const t1 = performance.now();
    for (let f = 0; f < frames; f++) {
      // A frame as while orbiting: the camera moves (by a hair) between frames.
      const d = f % 2 ? -1e-3 : 1e-3;
      this.camera.position.x += d;
      this.controls.target.x += d;
      this.controls.update();
      this.finishFrame();
    }
    const ms = (performance.now() - t1) / frames;
    this.world.remove(mesh);
    mesh.dispose();
    if (old) old.visible = true;
    setTransverseScale(this.world, saved.k);
    this.camera.fov = saved.fov;
    this.camera.up.copy(saved.up);
    this.camera.position.copy(saved.position);
    this.controls.target.copy(saved.target);
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.dirty = true;
    return { cells: n, msPerFrame: ms, buildMs };
  }
}
