/**
 * The shareable part of the display state in the page URL:
 * `?data=<dataset URL>&event=run:spill:event&view=zx&k=20&cam=px,py,pz,tx,ty,tz&truth=0&scale=log&thr=0.01&list=x17`.
 */
import { parseEventKey } from './summary.ts';
import type { ViewName } from './three-scene.ts';

export interface UrlState {
  data?: string;
  event?: [number, number, number];
  view?: ViewName;
  /** Transverse exaggeration. */
  k?: number;
  /** Camera position and target, scene coordinates. */
  camera?: [number, number, number, number, number, number];
  truth?: boolean;
  scale?: 'linear' | 'log';
  threshold?: number;
  /** Candidate list: a preset name (invisible, dimuon, x17) or an expression. */
  list?: string;
}

const VIEWS = ['zx', 'zy', 'beam', '3d'];

export function parseUrlState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const out: UrlState = {};
  const data = p.get('data');
  if (data) out.data = data;
  const event = p.get('event');
  if (event) {
    const key = parseEventKey(event);
    if (key) out.event = key;
  }
  const view = p.get('view');
  if (view && VIEWS.includes(view)) out.view = view as ViewName;
  const k = Number(p.get('k'));
  if (p.has('k') && k >= 1 && k <= 100) out.k = k;
  const cam = p.get('cam')?.split(',').map(Number);
  if (cam && cam.length === 6 && cam.every(Number.isFinite)) out.camera = cam as UrlState['camera'];
  if (p.has('truth')) out.truth = p.get('truth') !== '0';
  const scale = p.get('scale');
  if (scale === 'linear' || scale === 'log') out.scale = scale;
  const thr = Number(p.get('thr'));
  if (p.has('thr') && thr >= 0) out.threshold = thr;
  const list = p.get('list');
  if (list) out.list = list;
  return out;
}

export function formatUrlState(state: UrlState): string {
  const p = new URLSearchParams();
  if (state.data) p.set('data', state.data);
  if (state.event) p.set('event', state.event.join(':'));
  if (state.view) p.set('view', state.view);
  if (state.k !== undefined) p.set('k', String(state.k));
  if (state.camera) p.set('cam', state.camera.map((v) => Math.round(v)).join(','));
  if (state.truth !== undefined) p.set('truth', state.truth ? '1' : '0');
  if (state.scale) p.set('scale', state.scale);
  if (state.threshold !== undefined) p.set('thr', String(state.threshold));
  if (state.list) p.set('list', state.list);
  return `?${p.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%2F/gi, '/')}`;
}
