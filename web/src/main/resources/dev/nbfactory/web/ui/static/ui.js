// factory ui: the only script the pages run (the Content-Security-Policy allows no other).
// It pans and zooms lineage graphs, expands a node on click, and keeps running runs current.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('.lineage').forEach(panZoom);
  document.querySelectorAll('[data-live]').forEach(followRun);
  document.querySelectorAll('[data-refresh]').forEach(refreshTable);
});

/** Drag pans, the wheel zooms about the pointer; a click on a marked node expands it. */
function panZoom(box) {
  const svg = box.querySelector('svg');
  if (!svg) return;
  const vb = svg.viewBox.baseVal;
  const view = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  const apply = () => svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
  let drag = null;
  let moved = false;
  box.addEventListener('mousedown', (e) => { drag = { x: e.clientX, y: e.clientY }; moved = false; });
  window.addEventListener('mouseup', () => { drag = null; });
  window.addEventListener('mousemove', (e) => {
    if (!drag) return;
    const scale = view.w / box.clientWidth;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
    view.x -= dx * scale;
    view.y -= dy * scale;
    drag = { x: e.clientX, y: e.clientY };
    apply();
  });
  box.addEventListener('wheel', (e) => {
    e.preventDefault();
    const rect = box.getBoundingClientRect();
    const fx = (e.clientX - rect.left) / rect.width;
    const fy = (e.clientY - rect.top) / rect.height;
    const k = e.deltaY < 0 ? 0.85 : 1 / 0.85;
    const px = view.x + fx * view.w;
    const py = view.y + fy * view.h;
    view.w *= k;
    view.h *= k;
    view.x = px - fx * view.w;
    view.y = py - fy * view.h;
    apply();
  }, { passive: false });
  // Nodes with a dashed "goes on" arrow after them have more history: they expand.
  const expandable = new Set();
  svg.querySelectorAll('path.goes-on').forEach((arrow) => {
    const node = arrow.previousElementSibling;
    if (node && node.matches('g.node')) expandable.add(node);
  });
  expandable.forEach((node) => node.classList.add('expandable'));
  svg.addEventListener('click', (e) => {
    if (moved) return;
    const node = e.target.closest('g.node');
    if (!node || !expandable.has(node)) return;
    const ref = node.getAttribute('data-ref');
    const next = new URL(box.dataset.expand, window.location.href);
    if (!ref || next.searchParams.getAll('expand').includes(ref)) return;
    next.searchParams.append('expand', ref);
    window.location.assign(next.toString());
  });
}

/** A running run's page: shows its progress, and reloads once it ends. */
function followRun(section) {
  const url = section.dataset.live;
  const progress = section.querySelector('.progress');
  const tick = async () => {
    try {
      const r = await fetch(url, { credentials: 'same-origin' });
      if (!r.ok) throw new Error(`the UI answered ${r.status}`);
      const live = await r.json();
      if (progress && live.progress) progress.textContent = live.progress;
      if (live.status !== 'running') {
        window.location.reload();
        return;
      }
    } catch (e) {
      // the UI restarted or the network blinked: try again next tick
    }
    setTimeout(tick, 2000);
  };
  setTimeout(tick, 2000);
}

/** The runs table: fetched again every few seconds, replaced when it changed. */
function refreshTable(table) {
  const tick = async () => {
    try {
      const r = await fetch(table.dataset.refresh, { credentials: 'same-origin' });
      if (r.ok) {
        const html = await r.text();
        const doc = new DOMParser().parseFromString(html, 'text/html');
        const fresh = doc.querySelector('[data-refresh]');
        if (fresh && fresh.innerHTML !== table.innerHTML) table.innerHTML = fresh.innerHTML;
      }
    } catch (e) {
      // try again next tick
    }
    setTimeout(tick, 3000);
  };
  setTimeout(tick, 3000);
}
