// cbrd operator page: live view with the current decision, the catalogue (enroll from the
// camera, rename, delete) and the daemon's status. Plain JS, no build step, no framework.
//
// Rules kept here: no inline handlers or styles (the daemon sends a strict CSP); user text
// (labels, error messages) only ever goes into the page through textContent or attributes,
// never innerHTML; every URL is relative, so the page also works behind a path prefix.
'use strict';

(() => {
  const TOKEN_KEY = 'cbrd.token';
  const STATUS_EVERY_MS = 2000;
  const SNAPSHOT_EVERY_MS = 500;
  const ENROLL_TIMEOUT_MS = 90000;
  const CALL_TIMEOUT_MS = 20000;
  const EVENTS_OPEN_TIMEOUT_MS = 5000;
  const CATALOGUE_EVENTS = ['enrolled', 'undone', 'renamed', 'removed', 'reloaded'];
  const REASONS = {
    low_score: 'score too low',
    ambiguous: 'ambiguous',
    empty_index: 'no classes enrolled yet',
  };

  const $ = (id) => document.getElementById(id);
  const el = {
    conn: document.querySelector('[data-testid="connection"]'),
    connText: document.querySelector('[data-testid="connection-text"]'),
    frozen: document.querySelector('[data-testid="frozen-notice"]'),
    authPanel: $('auth-panel'),
    token: $('token-input'),
    tokenShow: $('token-show'),
    authError: $('auth-error'),
    actionError: $('action-error'),
    viewer: $('viewer'),
    live: $('live-image'),
    noSignal: $('live-nosignal'),
    overlay: $('live-overlay'),
    label: $('live-label'),
    score: $('live-score'),
    reason: $('live-reason'),
    capturing: $('live-capturing'),
    offline: $('live-offline'),
    camera: $('live-camera'),
    enrollForm: $('enroll-form'),
    enrollName: $('enroll-name'),
    enrollButton: $('enroll-button'),
    enrollProgress: $('enroll-progress'),
    enrollError: $('enroll-error'),
    enrollResult: $('enroll-result'),
    count: $('catalogue-count'),
    filterWrap: $('catalogue-filter-wrap'),
    filter: $('catalogue-filter'),
    empty: $('catalogue-empty'),
    catalogueError: $('catalogue-error'),
    list: $('class-list'),
    template: $('class-template'),
    stale: $('status-stale'),
  };

  const state = {
    decision: null,
    classes: [],
    frozen: false,
    authRequired: false,
    enrolling: false,
    statusFails: 0,
    statusBusy: false,
    classesBusy: false,
    classesAgain: false,
    lastIndex: null,
  };

  // ───────────────────────────── helpers ─────────────────────────────

  function show(node, on) {
    node.hidden = !on;
  }

  function setText(node, text) {
    const t = text == null ? '' : String(text);
    if (node.textContent !== t) node.textContent = t;
  }

  function message(node, text) {
    setText(node, text || '');
    show(node, Boolean(text));
  }

  function utf8Length(s) {
    return new TextEncoder().encode(s).length;
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
  }

  function fmtInt(n) {
    return typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString() : '–';
  }

  function fmtDuration(seconds) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '–';
    const s = Math.max(0, Math.floor(seconds));
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d) return `${d} d ${h} h`;
    if (h) return `${h} h ${m} min`;
    if (m) return `${m} min ${s % 60} s`;
    return `${s} s`;
  }

  function baseName(path) {
    const s = String(path || '');
    const i = s.lastIndexOf('/');
    return i >= 0 ? s.slice(i + 1) : s;
  }

  function token() {
    try {
      return (sessionStorage.getItem(TOKEN_KEY) || '').trim();
    } catch (_) {
      return el.token.value.trim();
    }
  }

  class ApiError extends Error {
    constructor(status, text) {
      super(text);
      this.status = status;
    }
  }

  function errorText(status, data, statusText) {
    const detail = data && typeof data.error === 'string' ? data.error : '';
    switch (status) {
      case 401:
        return 'Token required or wrong: enter the daemon\'s API token above.';
      case 409:
        return detail || 'Conflict: the name is taken, the catalogue is frozen or a burst is running.';
      case 413:
        return detail || 'Request too large.';
      case 429:
        return 'Too many requests: wait a second and try again.';
      default:
        return detail || `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
    }
  }

  // One JSON call. Every call carries the bearer token when one is set (with api.token, the
  // daemon answers nothing but the page itself without it).
  async function api(method, path, body, timeoutMs = CALL_TIMEOUT_MS) {
    const headers = { Accept: 'application/json' };
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const t = token();
    if (t) headers.Authorization = `Bearer ${t}`;
    const abort = new AbortController();
    init.signal = abort.signal;
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      const why = e && e.name === 'AbortError' ? 'no answer in time' : 'network error';
      throw new ApiError(0, `Cannot reach the daemon (${why}).`);
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    if (res.status !== 204 && (res.headers.get('Content-Type') || '').includes('json')) {
      try {
        data = await res.json();
      } catch (_) {
        data = null;
      }
    }
    if (!res.ok) {
      if (res.status === 401) authFailed();
      throw new ApiError(res.status, errorText(res.status, data, res.statusText));
    }
    return data;
  }

  // <img> and EventSource requests cannot send a header: trade the token for the session
  // cookie (HttpOnly, SameSite=Strict), which they carry. True when the daemon took it.
  async function openSession() {
    if (!token()) return false;
    try {
      await api('POST', 'v1/session');
      el.token.removeAttribute('aria-invalid');
      message(el.authError, '');
      return true;
    } catch (_) {
      return false;
    }
  }

  function authFailed() {
    show(el.authPanel, true);
    message(el.authError, token() ? 'Token wrong: the daemon refused it.' : 'Token required: enter it here.');
    el.token.setAttribute('aria-invalid', 'true');
  }

  // ───────────────────────────── connection ─────────────────────────────

  function setConnection(live) {
    const s = live ? 'live' : 'disconnected';
    if (el.conn.dataset.state !== s) el.conn.dataset.state = s;
    setText(el.connText, s);
    el.viewer.classList.toggle('offline', !live);
    show(el.offline, !live);
  }

  let events = null;
  let eventsRetry = null;
  let wasDown = false;

  function connectEvents() {
    clearTimeout(eventsRetry);
    if (events) events.close();
    const es = new EventSource('v1/events');
    events = es;
    // A stream that does not open in time (a stalled connection, a buffering proxy) is
    // replaced rather than waited for: the kiosk must not sit on a stale label.
    const openTimer = setTimeout(() => {
      if (events !== es || es.readyState === EventSource.OPEN) return;
      setConnection(false);
      wasDown = true;
      connectEvents();
    }, EVENTS_OPEN_TIMEOUT_MS);
    es.onopen = () => {
      clearTimeout(openTimer);
      if (events !== es) return;
      setConnection(true);
      if (wasDown) {
        // Back after an outage: the daemon may have restarted; resync everything.
        wasDown = false;
        refreshClasses();
        refreshStatus();
        startStream();
      }
    };
    es.onerror = () => {
      if (events !== es) return;
      setConnection(false);
      wasDown = true;
      // EventSource retries by itself while CONNECTING; after a hard failure (an HTTP error,
      // a wrong content type) it gives up (CLOSED): start a new one.
      if (es.readyState === EventSource.CLOSED) eventsRetry = setTimeout(connectEvents, 3000);
    };
    es.addEventListener('decision', (ev) => {
      const d = parse(ev.data);
      if (d) showDecision(d);
    });
    for (const name of CATALOGUE_EVENTS) es.addEventListener(name, () => refreshClasses());
    es.addEventListener('enroll_failed', (ev) => {
      // Our own POST reports its failure itself; this is for button presses.
      if (state.enrolling) return;
      const d = parse(ev.data) || {};
      message(el.enrollError, `Enrollment failed: ${d.error || d.reason || 'unknown reason'}`);
    });
    es.addEventListener('camera', (ev) => {
      const d = parse(ev.data);
      if (d) showCamera(cameraState(d.state));
    });
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (_) {
      return null;
    }
  }

  // ───────────────────────────── live view ─────────────────────────────

  // "stream" (MJPEG in the <img>), "snapshot" (polling the latest JPEG), or "paused" (tab hidden).
  const live = { mode: 'stream', timer: null };

  function startStream() {
    clearTimeout(live.timer);
    live.mode = 'stream';
    el.live.src = `v1/stream.mjpg?t=${Date.now()}`;
  }

  function nextSnapshot(delay) {
    clearTimeout(live.timer);
    live.timer = setTimeout(() => {
      if (live.mode === 'snapshot') el.live.src = `v1/snapshot.jpg?t=${Date.now()}`;
    }, delay);
  }

  el.live.addEventListener('load', () => {
    el.viewer.classList.remove('no-signal');
    show(el.noSignal, false);
    if (live.mode === 'snapshot') nextSnapshot(SNAPSHOT_EVERY_MS);
  });

  function liveFailed() {
    if (live.mode === 'paused') return;
    if (live.mode === 'stream') {
      // No MJPEG (unsupported, too many streams, daemon gone): poll snapshots instead.
      live.mode = 'snapshot';
      nextSnapshot(0);
      return;
    }
    el.viewer.classList.add('no-signal');
    show(el.noSignal, true);
    nextSnapshot(SNAPSHOT_EVERY_MS);
  }

  el.live.addEventListener('error', liveFailed);

  // A stream cut in the middle fires no error event in Chromium: the image just ends up
  // "complete" with no pixels. Checked with every status poll.
  function checkLive() {
    if (live.mode === 'stream' && el.live.getAttribute('src') && el.live.complete && el.live.naturalWidth === 0) {
      liveFailed();
    }
  }
  // The stream may have failed before this script ran (the <img> loads first).
  if (el.live.complete && el.live.naturalWidth === 0) liveFailed();

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      // Save the board's bandwidth and CPU while nobody looks.
      live.mode = 'paused';
      clearTimeout(live.timer);
      el.live.removeAttribute('src');
    } else if (live.mode === 'paused') {
      startStream();
    }
  });

  function reasonText(d) {
    const r = d.reason;
    if (r === 'ambiguous' && Array.isArray(d.top) && d.top.length >= 2) {
      return `ambiguous: ${d.top[0].label} or ${d.top[1].label}`;
    }
    return REASONS[r] || r || '';
  }

  function showDecision(d) {
    state.decision = d;
    const known = d.label != null;
    setText(el.label, known ? d.label : 'unknown');
    el.overlay.dataset.known = String(known);
    setText(el.score, typeof d.score === 'number' ? `score ${d.score.toFixed(2)}` : '');
    setText(el.reason, known ? '' : reasonText(d));
    markCurrent();
  }

  function cameraState(raw) {
    // Status gives {state, detail}; stdout/SSE events give "streaming" or {"retrying": "why"}.
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      if (typeof raw.state === 'string') return { state: raw.state, detail: raw.detail || '' };
      const k = Object.keys(raw)[0];
      if (k) return { state: k, detail: typeof raw[k] === 'string' ? raw[k] : '' };
    }
    return { state: typeof raw === 'string' ? raw : 'unknown', detail: '' };
  }

  function showCamera(c) {
    const text = c.detail ? `${c.state}: ${c.detail}` : c.state;
    setText($('status-camera'), text);
    el.camera.dataset.state = c.state;
    if (c.state === 'streaming') {
      message(el.camera, '');
    } else {
      message(el.camera, `Camera ${text}`);
    }
  }

  // ───────────────────────────── status ─────────────────────────────

  async function refreshStatus() {
    if (state.statusBusy) return;
    state.statusBusy = true;
    try {
      const s = await api('GET', 'v1/status');
      const recovered = state.statusFails >= 2;
      state.statusFails = 0;
      show(el.stale, false);
      applyStatus(s || {});
      if (recovered) connectEvents();
    } catch (_) {
      state.statusFails += 1;
      if (state.statusFails >= 2) {
        show(el.stale, true);
        setConnection(false);
        wasDown = true;
      }
    } finally {
      state.statusBusy = false;
    }
  }

  function applyStatus(s) {
    const frames = s.frames || {};
    const index = s.index || {};
    const model = $('status-model');
    setText(model, s.model ? baseName(s.model) : '–');
    model.title = s.model || '';
    setText($('status-runtime'), s.runtime ? `TFLite ${s.runtime}` : '–');
    const dl = Array.isArray(s.delegates) ? s.delegates : [];
    setText($('status-delegates'), dl.length ? dl.join(', ') : 'none');
    setText($('status-version'), s.version ? `· cbrd ${s.version}` : '');
    setText($('status-fps'), typeof s.fps === 'number' ? s.fps.toFixed(1) : '–');
    setText($('status-captured'), fmtInt(frames.captured));
    setText($('status-dropped'), fmtInt(frames.dropped));
    setText($('status-classified'), fmtInt(frames.classified));
    setText($('status-classes'), fmtInt(index.classes));
    setText($('status-samples'), fmtInt(index.samples));
    setText($('status-uptime'), fmtDuration(s.uptime_s));
    if (s.camera) showCamera(cameraState(s.camera));

    const authRequired = Boolean(s.auth_required);
    if (authRequired !== state.authRequired) {
      state.authRequired = authRequired;
      if (authRequired) show(el.authPanel, true);
    }
    const frozen = Boolean(index.frozen);
    if (frozen !== state.frozen) {
      state.frozen = frozen;
      show(el.frozen, frozen);
      applyControls();
    }
    // Catch catalogue changes missed while the event stream was down.
    const sig = `${index.classes}/${index.samples}`;
    if (state.lastIndex !== null && sig !== state.lastIndex) refreshClasses();
    state.lastIndex = sig;
  }

  // ───────────────────────────── catalogue ─────────────────────────────

  const items = new Map(); // class id -> item (its DOM nodes and UI state)

  async function refreshClasses() {
    // One request at a time; a burst of events causes one more refresh, not many.
    if (state.classesBusy) {
      state.classesAgain = true;
      return;
    }
    state.classesBusy = true;
    try {
      const list = await api('GET', 'v1/classes');
      message(el.catalogueError, '');
      const before = new Map(state.classes.map((c) => [c.id, c.label]));
      state.classes = Array.isArray(list) ? list : [];
      for (const c of state.classes) {
        const old = before.get(c.id);
        if (old !== undefined && old !== c.label) relabelDecision(old, c.label);
      }
      renderClasses();
    } catch (e) {
      message(el.catalogueError, `Cannot load the catalogue: ${e.message}`);
    } finally {
      state.classesBusy = false;
      if (state.classesAgain) {
        state.classesAgain = false;
        refreshClasses();
      }
    }
  }

  // The class shown in the overlay was renamed: show the new name now rather than waiting for
  // the daemon's next decision.
  function relabelDecision(oldLabel, newLabel) {
    const d = state.decision;
    if (d && d.label === oldLabel) {
      const top = Array.isArray(d.top) ? d.top.map((t) => (t.label === oldLabel ? { ...t, label: newLabel } : t)) : [];
      showDecision({ ...d, label: newLabel, top });
    }
  }

  function renderClasses() {
    const classes = state.classes.slice().sort((a, b) =>
      String(a.label).localeCompare(String(b.label), undefined, { numeric: true, sensitivity: 'base' }) || a.id - b.id);
    const n = classes.length;
    setText(el.count, n ? `(${n})` : '');
    show(el.filterWrap, n > 6 || el.filter.value !== '');
    const needle = el.filter.value.trim().toLocaleLowerCase();

    const seen = new Set();
    let prev = null;
    let visible = 0;
    for (const c of classes) {
      let it = items.get(c.id);
      if (!it) {
        it = createItem(c.id);
        items.set(c.id, it);
      }
      updateItem(it, c);
      const match = !needle || String(c.label).toLocaleLowerCase().includes(needle);
      it.li.hidden = !match;
      if (match) visible += 1;
      const want = prev ? prev.li.nextSibling : el.list.firstChild;
      if (want !== it.li) el.list.insertBefore(it.li, want);
      prev = it;
      seen.add(c.id);
    }
    for (const [id, it] of items) {
      if (!seen.has(id)) {
        it.li.remove();
        items.delete(id);
      }
    }
    if (n === 0) {
      setText(el.empty, 'No classes yet. Enroll one from the camera.');
    } else if (visible === 0) {
      setText(el.empty, 'No class matches the filter.');
    }
    show(el.empty, n === 0 || visible === 0);
    markCurrent();
    applyControls();
  }

  function createItem(id) {
    const li = el.template.content.firstElementChild.cloneNode(true);
    const q = (t) => li.querySelector(`[data-testid="${t}"]`);
    const it = {
      id,
      cls: null,
      li,
      thumb: q('class-thumb'),
      noThumb: q('class-nothumb'),
      label: q('class-label'),
      current: q('class-current'),
      samples: q('class-samples'),
      actions: q('class-actions'),
      rename: q('class-rename'),
      del: q('class-delete'),
      form: q('rename-form'),
      input: q('rename-input'),
      save: q('rename-save'),
      cancel: q('rename-cancel'),
      confirm: q('delete-confirm'),
      question: q('delete-question'),
      yes: q('class-delete-confirm'),
      no: q('class-delete-cancel'),
      error: q('class-error'),
      thumbKey: '',
      thumbTries: 0,
      busy: false,
      mode: 'view', // view | rename | confirm
    };
    li.dataset.classId = String(id);
    const inputId = `rename-${id}`;
    it.input.id = inputId;
    li.querySelector('.class-rename-form label').htmlFor = inputId;

    it.thumb.addEventListener('load', () => {
      it.thumbTries = 0;
      it.li.classList.remove('thumb-missing');
    });
    it.thumb.addEventListener('error', () => {
      // 429 (rate limit with many classes) or a daemon restart: retry a few times.
      it.li.classList.add('thumb-missing');
      if (it.thumbTries < 4 && it.thumbKey) {
        it.thumbTries += 1;
        const key = it.thumbKey;
        setTimeout(() => {
          if (it.thumbKey === key) it.thumb.src = `${key}?retry=${it.thumbTries}`;
        }, 800 * it.thumbTries);
      }
    });

    it.rename.addEventListener('click', () => setMode(it, 'rename'));
    it.cancel.addEventListener('click', () => setMode(it, 'view'));
    it.form.addEventListener('submit', (e) => {
      e.preventDefault();
      renameClass(it);
    });
    it.input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') setMode(it, 'view');
    });
    it.del.addEventListener('click', () => setMode(it, 'confirm'));
    it.no.addEventListener('click', () => setMode(it, 'view'));
    it.yes.addEventListener('click', () => deleteClass(it));
    return it;
  }

  function updateItem(it, c) {
    it.cls = c;
    setText(it.label, c.label);
    it.li.dataset.label = c.label;
    const n = typeof c.samples === 'number' ? c.samples : 0;
    setText(it.samples, plural(n, 'photo', 'photos'));
    it.samples.dataset.count = String(n);
    const sid = Array.isArray(c.sample_ids) && c.sample_ids.length ? c.sample_ids[0] : null;
    const key = sid == null ? ''
      : `v1/classes/${encodeURIComponent(String(c.id))}/samples/${encodeURIComponent(String(sid))}/thumbnail.jpg`;
    if (key !== it.thumbKey) {
      it.thumbKey = key;
      it.thumbTries = 0;
      if (key) it.thumb.src = key;
      else it.thumb.removeAttribute('src');
    }
    show(it.thumb, Boolean(key));
    show(it.noThumb, !key);
    it.thumb.alt = `Photo of ${c.label}`;
    setText(it.question, `Delete “${c.label}” and its ${plural(n, 'photo', 'photos')}?`);
    it.rename.setAttribute('aria-label', `Rename ${c.label}`);
    it.del.setAttribute('aria-label', `Delete ${c.label}`);
    it.yes.setAttribute('aria-label', `Yes, delete ${c.label}`);
  }

  function setMode(it, mode) {
    if (mode !== 'view' && state.frozen) return;
    it.mode = mode;
    show(it.actions, mode === 'view');
    show(it.form, mode === 'rename');
    show(it.confirm, mode === 'confirm');
    it.li.classList.toggle('editing', mode !== 'view');
    if (mode === 'rename') {
      it.input.value = it.cls ? it.cls.label : '';
      message(it.error, '');
      it.input.focus();
      it.input.select();
    } else if (mode === 'confirm') {
      message(it.error, '');
      it.no.focus();
    }
  }

  function setBusy(it, busy) {
    it.busy = busy;
    it.li.setAttribute('aria-busy', String(busy));
    applyItemControls(it);
  }

  async function renameClass(it) {
    if (it.busy || state.frozen || !it.cls) return;
    const label = it.input.value.trim();
    if (!label) {
      message(it.error, 'Enter a name.');
      return;
    }
    if (utf8Length(label) > 200) {
      message(it.error, 'The name is too long (200 bytes at most).');
      return;
    }
    if (label === it.cls.label) {
      setMode(it, 'view');
      return;
    }
    const old = it.cls.label;
    setBusy(it, true);
    try {
      const c = await api('PATCH', `v1/classes/${encodeURIComponent(String(it.id))}`, { label });
      const updated = c && typeof c === 'object' && c.label ? c : { ...it.cls, label };
      state.classes = state.classes.map((x) => (x.id === it.id ? { ...x, ...updated } : x));
      relabelDecision(old, updated.label);
      setMode(it, 'view');
      renderClasses();
      message(el.actionError, '');
      refreshClasses();
    } catch (e) {
      message(it.error, `Rename failed: ${e.message}`);
    } finally {
      setBusy(it, false);
    }
  }

  async function deleteClass(it) {
    if (it.busy || state.frozen) return;
    setBusy(it, true);
    try {
      await api('DELETE', `v1/classes/${encodeURIComponent(String(it.id))}`);
      state.classes = state.classes.filter((x) => x.id !== it.id);
      renderClasses();
      message(el.actionError, '');
      refreshClasses();
      refreshStatus();
    } catch (e) {
      if (e.status === 404) {
        refreshClasses(); // already gone
      } else {
        message(it.error, `Delete failed: ${e.message}`);
      }
    } finally {
      setBusy(it, false);
    }
  }

  function markCurrent() {
    const label = state.decision && state.decision.label != null ? state.decision.label : null;
    for (const it of items.values()) {
      const on = label !== null && it.cls && it.cls.label === label;
      show(it.current, on);
      it.li.classList.toggle('current', on);
    }
  }

  el.filter.addEventListener('input', () => renderClasses());

  // ───────────────────────────── enrollment ─────────────────────────────

  function applyItemControls(it) {
    const off = state.frozen || it.busy;
    for (const b of [it.rename, it.del, it.save, it.cancel, it.yes, it.no]) b.disabled = off;
    it.input.disabled = off;
    if (state.frozen && it.mode !== 'view') setMode(it, 'view');
  }

  function applyControls() {
    el.enrollName.disabled = state.frozen;
    el.enrollButton.disabled = state.frozen || state.enrolling;
    el.enrollForm.classList.toggle('frozen', state.frozen);
    for (const it of items.values()) applyItemControls(it);
  }

  function setEnrolling(on) {
    state.enrolling = on;
    el.enrollButton.setAttribute('aria-busy', String(on));
    setText(el.enrollButton, on ? 'Taking photos…' : 'Enroll from camera');
    show(el.enrollProgress, on);
    show(el.capturing, on);
    el.viewer.classList.toggle('capturing', on);
    el.enrollName.readOnly = on;
    applyControls();
  }

  el.enrollForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (state.enrolling || state.frozen) return;
    message(el.enrollError, '');
    message(el.enrollResult, '');
    const label = el.enrollName.value.trim();
    if (!label) {
      message(el.enrollError, 'Enter a name for the new class first.');
      el.enrollName.focus();
      return;
    }
    if (utf8Length(label) > 200) {
      message(el.enrollError, 'The name is too long (200 bytes at most).');
      return;
    }
    setEnrolling(true);
    try {
      const r = (await api('POST', 'v1/classes', { label, from: 'camera' }, ENROLL_TIMEOUT_MS)) || {};
      const name = r.class && r.class.label ? r.class.label : label;
      const added = typeof r.added === 'number' ? plural(r.added, 'photo', 'photos') : 'photos';
      message(el.enrollResult, r.new_class === false ? `Added ${added} to “${name}”.` : `Enrolled “${name}” (${added}).`);
      el.enrollName.value = '';
      refreshClasses();
      refreshStatus();
    } catch (err) {
      message(el.enrollError, `Enrollment failed: ${err.message}`);
    } finally {
      setEnrolling(false);
    }
  });

  // ───────────────────────────── token ─────────────────────────────

  try {
    el.token.value = sessionStorage.getItem(TOKEN_KEY) || '';
  } catch (_) {
    // storage disabled: the field still works for this page's lifetime
  }
  if (el.token.value) show(el.authPanel, true);
  let sessionTimer = null;
  el.token.addEventListener('input', () => {
    try {
      sessionStorage.setItem(TOKEN_KEY, el.token.value.trim());
    } catch (_) {
      // ignore
    }
    el.token.removeAttribute('aria-invalid');
    message(el.authError, '');
    // Once typing pauses: open a session with the new token and reload what it unlocks.
    clearTimeout(sessionTimer);
    sessionTimer = setTimeout(async () => {
      if (!(await openSession())) return;
      connectEvents();
      startStream();
      refreshClasses();
      refreshStatus();
    }, 300);
  });
  el.tokenShow.addEventListener('click', () => {
    const showing = el.token.type === 'text';
    el.token.type = showing ? 'password' : 'text';
    el.tokenShow.setAttribute('aria-pressed', String(!showing));
    setText(el.tokenShow, showing ? 'Show' : 'Hide');
  });
  el.authPanel.addEventListener('submit', (e) => e.preventDefault());

  // ───────────────────────────── start ─────────────────────────────

  el.conn.dataset.state = 'connecting';
  // The session first (a token kept by the tab): the stream and images need its cookie.
  openSession().then((opened) => {
    if (opened) startStream();
  }).finally(() => {
    connectEvents();
    refreshStatus();
    refreshClasses();
  });
  setInterval(() => {
    refreshStatus();
    checkLive();
  }, STATUS_EVERY_MS);
  // The event stream sends the current decision first; this covers a proxy that buffers SSE.
  api('GET', 'v1/decision').then((d) => {
    if (d && !state.decision) showDecision(d);
  }, () => {});
})();
