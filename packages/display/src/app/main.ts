// Entry of the browser app: initialise the Parquet engine, read the URL, open the dataset.
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { initParquetEngine } from '@na64/format';
import { parseUrlState } from '../url-state.ts';
import { DisplayApp } from './display-app.ts';
import './style.css';

const root = document.getElementById('na64-display')!;
const state = parseUrlState(window.location.search);
const app = new DisplayApp(root, { initial: state, syncUrl: true });
(window as unknown as { na64Display: DisplayApp }).na64Display = app;

async function start(): Promise<void> {
  await initParquetEngine({ module_or_path: wasmUrl });
  if (!state.data) {
    app.message('No dataset given: add ?data=<dataset URL> to the address (na64 display prints a ready URL).', 'info');
    return;
  }
  await app.openUrl(new URL(state.data, window.location.href).href);
}

start().catch((e: unknown) => app.message(`Cannot start the display: ${(e as Error).message}`));
