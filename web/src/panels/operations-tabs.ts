/**
 * Registers the daily-operations tabs (Manifests, Dispatch, Ledger, Reports) next to the planner's tabs, and
 * the print / export buttons of the Coverage and Upstream tabs. Called once from main.ts.
 */
import '../operations.css';
import { onLangChange, t } from '../i18n.ts';
import { esc, on } from '../state.ts';
import { renderManifestsPanel } from './manifests.ts';
import { renderDispatchPanel, setPlanLoader } from './dispatch.ts';
import { renderLedgerPanel } from './ledger.ts';
import { renderReportsPanel } from './reports.ts';

const TABS: Array<[id: string, render: (el: HTMLElement) => Promise<void>]> = [
  ['manifests', renderManifestsPanel],
  ['dispatch', renderDispatchPanel],
  ['ledger', renderLedgerPanel],
  ['reports', renderReportsPanel],
];

let active = '';

export function registerOperationsTabs(loadPlan?: (planId: string) => Promise<void>): void {
  if (loadPlan) setPlanLoader(loadPlan);
  const nav = document.querySelector('.tabs');
  const sidebar = document.getElementById('sidebar');
  if (!nav || !sidebar) return;
  for (const [id, render] of TABS) {
    const btn = document.createElement('button');
    btn.className = 'tab';
    btn.dataset.tab = id;
    btn.dataset.testid = `tab-${id}`;
    btn.setAttribute('data-i18n', `tab.${id}`);
    btn.textContent = t(`tab.${id}`);
    nav.appendChild(btn);
    const panel = document.createElement('section');
    panel.className = 'panel';
    panel.id = `panel-${id}`;
    panel.dataset.testid = `panel-${id}`;
    sidebar.appendChild(panel);
    btn.onclick = () => {
      active = id;
      document.querySelectorAll<HTMLElement>('.tab').forEach((b) => b.classList.toggle('active', b === btn));
      document.querySelectorAll<HTMLElement>('.panel').forEach((p) => p.classList.toggle('active', p === panel));
      void render(panel);
    };
  }
  // A planner tab clicked: ours are no longer active (main.ts toggles every .tab / .panel itself).
  nav.addEventListener('click', (e) => {
    const tab = (e.target as HTMLElement).closest<HTMLElement>('.tab');
    if (tab && !TABS.some(([id]) => id === tab.dataset.tab)) active = '';
  });
  const rerender = () => {
    const entry = TABS.find(([id]) => id === active);
    if (entry) void entry[1](document.getElementById(`panel-${entry[0]}`)!);
  };
  onLangChange(rerender);
  on('scenario', rerender);
  addPrintButtons();
}

/** Coverage and Upstream: a button that copies the panel into the print area, and a CSV export of its tables. */
function addPrintButtons(): void {
  for (const id of ['coverage', 'upstream']) {
    const panel = document.getElementById(`panel-${id}`);
    if (!panel) continue;
    const ensure = () => {
      if (panel.querySelector('.ops-print') || !panel.querySelector('table')) return;
      const bar = document.createElement('div');
      bar.className = 'actions ops-print no-print';
      bar.innerHTML = `<button class="btn" data-testid="print-${id}">${esc(t('ops.print'))}</button><button class="btn" data-testid="export-${id}">${esc(t('ops.exportCsv'))}</button>`;
      const [printBtn, csvBtn] = bar.querySelectorAll('button');
      printBtn!.onclick = () => printPanel(panel);
      csvBtn!.onclick = () => exportTables(panel, id);
      panel.prepend(bar);
    };
    new MutationObserver(ensure).observe(panel, { childList: true });
  }
  // Ctrl+P on these tabs prints the tab (the print CSS shows only the print area).
  window.addEventListener('beforeprint', () => {
    const panel = document.querySelector<HTMLElement>('.panel.active');
    if (panel && (panel.id === 'panel-coverage' || panel.id === 'panel-upstream')) fillPrintArea(panel);
  });
}

function fillPrintArea(panel: HTMLElement): void {
  const area = document.getElementById('print-area');
  if (!area) return;
  const copy = panel.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.no-print, button, input').forEach((n) => n.remove());
  area.innerHTML = `<div class="sheet print-panel">${copy.innerHTML}</div>`;
}

function printPanel(panel: HTMLElement): void {
  fillPrintArea(panel);
  window.print();
}

function exportTables(panel: HTMLElement, name: string): void {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  // Text that a spreadsheet would read as a formula is prefixed with an apostrophe.
  const cell = (s: string) => quote(/^[=+\-@]/.test(s) ? `'${s}` : s);
  const lines: string[] = [];
  panel.querySelectorAll('table').forEach((table) => {
    table
      .querySelectorAll('tr')
      .forEach((tr) =>
        lines.push([...tr.querySelectorAll('th,td')].map((c) => cell((c.textContent ?? '').trim())).join(',')),
      );
    lines.push('');
  });
  const blob = new Blob([`\ufeff${lines.join('\n')}`], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${name}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
