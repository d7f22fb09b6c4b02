// Benchmark page for phoenix-event-display, driven by ../../run.ts: opens a Phoenix event-data JSON
// (?events=<url>) in a view of ?w= x ?h= pixels and exposes timing helpers as window.phoenixBench.
// Phoenix is used through its public API only (EventDisplay, ThreeManager), from the browser bundle
// the npm package ships: dist/bundle/phoenix.min.js expects three.js as the global THREE (its own
// three dependency) and puts EventDisplay on globalThis.
import * as THREE from '../node_modules/three/build/three.module.js';

globalThis.THREE = THREE;
await new Promise((resolve, reject) => {
  const script = document.createElement('script');
  script.src = '../node_modules/phoenix-event-display/dist/bundle/phoenix.min.js';
  script.onload = resolve;
  script.onerror = () => reject(new Error('cannot load the Phoenix bundle'));
  document.head.append(script);
});
const { EventDisplay } = globalThis;

const params = new URLSearchParams(window.location.search);
const root = document.getElementById('eventDisplay');
root.style.width = `${Number(params.get('w') ?? 1200)}px`;
root.style.height = `${Number(params.get('h') ?? 700)}px`;

const defaultView = params.get('view')?.split(',').map(Number);
const display = new EventDisplay({ elementId: 'eventDisplay', allowUrlOptions: false, enableDatGUIMenu: false, forceColourTheme: 'dark', defaultView });
const three = display.getThreeManager();
const canvas = root.querySelector('canvas');
const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
const px = new Uint8Array(4);
// A frame: Phoenix's own render() (what its animation loop calls), then one pixel read back so
// the time includes the GPU (here: SwiftShader) work.
const frame = () => {
  three.render();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
};
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

let keys = [];

window.phoenixBench = {
  /** Shows another event of the loaded document with Phoenix's loadEvent; ms until drawn. */
  switchTo(key) {
    const t0 = performance.now();
    display.loadEvent(key);
    frame();
    return performance.now() - t0;
  },
  keys: () => keys,
  collections: () => display.getCollections(),
  /**
   * Shows a synthetic event of n PlanarCaloCells (layout as in DisplayApp.benchCells), puts the
   * camera at `camera` ([px,py,pz,tx,ty,tz], mm) and returns the mean time of `frames` frames.
   */
  async benchCells(n, frames, layout, camera) {
    const { pitch, size, length, layerGap, z0, perLayer, perRow } = layout;
    const collections = {};
    for (let i = 0; i < n; i++) {
      const layer = Math.floor(i / perLayer);
      const j = i % perLayer;
      const c = (collections[`layer ${layer}`] ??= { plane: [0, 0, 1, z0 + layer * layerGap], cells: [] });
      const r = Math.round(255 * ((i % 7) / 7));
      const b = Math.round(255 * (1 - (i % 5) / 5));
      c.cells.push({
        pos: [((j % perRow) - (perRow - 1) / 2) * pitch, (Math.floor(j / perRow) - (perRow - 1) / 2) * pitch],
        cellSize: size,
        // Phoenix draws a PlanarCaloCell as a box of depth 0.22 * energy.
        energy: length / 0.22,
        color: `#${((r << 16) | (128 << 8) | b).toString(16).padStart(6, '0')}`,
      });
    }
    const t0 = performance.now();
    display.buildEventDataFromJSON({ 'event number': 0, 'run number': 0, PlanarCaloCells: collections });
    const buildMs = performance.now() - t0;
    three.animateCameraTransform(camera.slice(0, 3), camera.slice(3, 6), 0);
    for (let i = 0; i < 3; i++) await nextFrame();
    frame();
    const t1 = performance.now();
    for (let f = 0; f < frames; f++) frame();
    const msPerFrame = (performance.now() - t1) / frames;
    return { cells: n, msPerFrame, buildMs };
  },
};

async function start() {
  const res = await fetch(params.get('events'));
  const doc = await res.json();
  keys = display.parsePhoenixEvents(doc);
  root.dataset.state = 'ready';
}

start().catch((e) => {
  root.dataset.state = 'error';
  root.dataset.error = String(e && e.stack ? e.stack : e);
});
