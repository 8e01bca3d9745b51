// SPDX-License-Identifier: GPL-2.0+
// vcam browser consumer test: see camera-test.html for the parameters.
'use strict';

const params = new URLSearchParams(location.search);
const cfg = {
  label: params.get('label') || '',
  width: parseInt(params.get('w') || '0', 10),
  height: parseInt(params.get('h') || '0', 10),
  reopen: parseInt(params.get('reopen') || '1', 10),
  navigate: params.get('navigate') !== '0',
  window: parseFloat(params.get('window') || '3'),
  deadline: parseFloat(params.get('deadline') || '120'),
  phase: params.get('phase') || 'first-load',
};
const STORE = 'vcam-camera-test';
const t0 = performance.now();
let step = 'start';
let finished = false;

function secs() { return ((performance.now() - t0) / 1000).toFixed(1); }

function post(path, body) {
  return fetch(path, { method: 'POST', body, keepalive: true })
    .catch(() => {});
}

function log(msg) {
  const line = `[${cfg.phase} ${secs()}s] ${msg}`;
  document.getElementById('log').textContent += line + '\n';
  return post('/log', line);
}

class TestError extends Error {}

function fail(msg) { throw new TestError(msg); }

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, rej) => {
    timer = setTimeout(() => rej(new TestError(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

function errText(e) {
  if (e instanceof TestError) return e.message;
  return `${e && e.name ? e.name : 'Error'}: ${e && e.message ? e.message : e}`;
}

// Chromium and Firefox show the V4L2 card name; some builds append " (id)".
function labelMatches(label) {
  return label === cfg.label || label.startsWith(cfg.label + ' (');
}

async function findCamera() {
  step = 'enumerateDevices';
  let devs = await navigator.mediaDevices.enumerateDevices();
  let cams = devs.filter((d) => d.kind === 'videoinput');
  if (cams.length && cams.every((d) => !d.label)) {
    // Labels stay hidden until the page has camera permission: get it once.
    step = 'getUserMedia (permission)';
    await log('labels hidden; asking for permission with any camera');
    const s = await withTimeout(navigator.mediaDevices.getUserMedia({ video: true }),
                                40000, step);
    s.getTracks().forEach((t) => t.stop());
    step = 'enumerateDevices (after permission)';
    devs = await navigator.mediaDevices.enumerateDevices();
    cams = devs.filter((d) => d.kind === 'videoinput');
  }
  const names = cams.map((d) => JSON.stringify(d.label)).join(', ');
  await log(`cameras: ${names || '(none)'}`);
  const cam = cams.find((d) => labelMatches(d.label));
  if (!cam) fail(`no camera labelled "${cfg.label}" among: ${names || 'none'}`);
  return cam;
}

// One luma value per cell of a coarse grid: enough to see motion and colour.
function signature(ctx, w, h) {
  const px = ctx.getImageData(0, 0, w, h).data;
  const gx = 32, gy = 24, sig = new Float32Array(gx * gy);
  let sum = 0, max = 0;
  for (let j = 0; j < gy; j++) {
    for (let i = 0; i < gx; i++) {
      const x = Math.min(w - 1, Math.floor((i + 0.5) * w / gx));
      const y = Math.min(h - 1, Math.floor((j + 0.5) * h / gy));
      const o = (y * w + x) * 4;
      const l = 0.2126 * px[o] + 0.7152 * px[o + 1] + 0.0722 * px[o + 2];
      sig[j * gx + i] = l;
      sum += l;
      if (l > max) max = l;
    }
  }
  return { sig, mean: sum / sig.length, max };
}

function difference(a, b) {
  let d = 0;
  for (let k = 0; k < a.length; k++) d += Math.abs(a[k] - b[k]);
  return d / a.length;
}

async function capture(cam, name) {
  const r = { name };
  const video = document.getElementById('video');
  const canvas = document.getElementById('canvas');
  const constraints = { video: { deviceId: { exact: cam.deviceId } } };
  if (cfg.width) constraints.video.width = { ideal: cfg.width };
  if (cfg.height) constraints.video.height = { ideal: cfg.height };

  step = `getUserMedia (${name})`;
  const tOpen = performance.now();
  const stream = await withTimeout(navigator.mediaDevices.getUserMedia(constraints),
                                   40000, step);
  const track = stream.getVideoTracks()[0];
  try {
    r.trackLabel = track.label;
    const st = track.getSettings();
    r.settings = { width: st.width, height: st.height, frameRate: st.frameRate };
    if (!labelMatches(track.label)) fail(`${name}: track label "${track.label}" is not "${cfg.label}"`);
    await log(`${name}: opened "${track.label}" ${JSON.stringify(r.settings)}`);

    step = `first frame (${name})`;
    video.srcObject = stream;
    await withTimeout(video.play(), 30000, step);
    const tEnd = performance.now() + 30000;
    while (!(video.videoWidth > 0 && video.readyState >= 2)) {
      if (performance.now() > tEnd) fail(`${name}: no frame within 30 s`);
      await sleep(50);
    }
    r.msToFirstFrame = Math.round(performance.now() - tOpen);
    r.width = video.videoWidth;
    r.height = video.videoHeight;
    if ((cfg.width && r.width !== cfg.width) || (cfg.height && r.height !== cfg.height))
      fail(`${name}: got ${r.width}x${r.height}, expected ${cfg.width}x${cfg.height}`);

    step = `frames (${name})`;
    // Count presented frames (for the fps figure only) with
    // requestVideoFrameCallback, else the playback quality counter. A starved
    // headless browser may call neither (Firefox under TCG: no callback in
    // 3 s while the canvas showed new frames); the changing canvas samples
    // are what prove that new frames arrive.
    let frames = 0;
    if (typeof video.requestVideoFrameCallback === 'function') {
      const cb = () => { frames++; video.requestVideoFrameCallback(cb); };
      video.requestVideoFrameCallback(cb);
    }
    const quality = () => (typeof video.getVideoPlaybackQuality === 'function'
      ? video.getVideoPlaybackQuality().totalVideoFrames : 0);
    const quality0 = quality();
    canvas.width = r.width;
    canvas.height = r.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    // Sample for cfg.window seconds, but take at least 4 samples (a starved
    // browser may manage only one or two per window), within 5 windows.
    const samples = [];
    const tStart = performance.now();
    const sampling = () => {
      const t = performance.now() - tStart;
      return t < cfg.window * 1000 || (samples.length < 4 && t < 5 * cfg.window * 1000);
    };
    while (sampling()) {
      ctx.drawImage(video, 0, 0, r.width, r.height);
      samples.push(signature(ctx, r.width, r.height));
      await sleep(250);
    }
    const elapsed = (performance.now() - tStart) / 1000;
    const qualityFrames = quality() - quality0;
    r.frameCounter = frames > 0 ? 'requestVideoFrameCallback'
      : qualityFrames > 0 ? 'getVideoPlaybackQuality' : 'none';
    if (!frames) frames = qualityFrames;
    r.samples = samples.length;
    r.meanLuma = +Math.max(...samples.map((s) => s.mean)).toFixed(1);
    r.maxLuma = +Math.max(...samples.map((s) => s.max)).toFixed(1);
    r.maxChange = 0;
    r.changedSamples = 0;
    for (let k = 1; k < samples.length; k++) {
      const d = difference(samples[k - 1].sig, samples[k].sig);
      r.maxChange = Math.max(r.maxChange, +d.toFixed(2));
      if (d > 0.5) r.changedSamples++;
    }
    r.fps = frames > 0 ? +(frames / elapsed).toFixed(1) : null;
    await log(`${name}: ${JSON.stringify(r)}`.replace(/"settings":\{[^}]*\},/, ''));
    if (r.maxLuma < 40) fail(`${name}: picture is black (max luma ${r.maxLuma})`);
    if (r.changedSamples === 0)
      fail(`${name}: picture did not change in ${elapsed.toFixed(1)} s (max change ${r.maxChange})`);
  } finally {
    step = `close (${name})`;
    video.pause();
    video.srcObject = null;
    stream.getTracks().forEach((t) => t.stop());
  }
  r.endedAfterStop = track.readyState === 'ended';
  return r;
}

function finish(ok, reason, phases) {
  if (finished) return;
  finished = true;
  sessionStorage.removeItem(STORE);
  const res = { ok, reason, phases, userAgent: navigator.userAgent, label: cfg.label,
                seconds: +secs() };
  log(`verdict: ${ok ? 'PASS' : 'FAIL'}${reason ? ' - ' + reason : ''}`);
  post('/result', JSON.stringify(res));
}

async function main() {
  const saved = JSON.parse(sessionStorage.getItem(STORE) || '[]');
  const phases = cfg.phase === 'first-load' ? [] : saved;
  setTimeout(() => finish(false, `page deadline of ${cfg.deadline} s passed during: ${step}`,
                          phases), cfg.deadline * 1000);
  try {
    if (!cfg.label) fail('no label= parameter');
    if (!navigator.mediaDevices) fail('navigator.mediaDevices missing (insecure context?)');
    await log(`start: ${navigator.userAgent}`);
    const cam = await findCamera();
    if (cfg.phase === 'first-load') {
      phases.push(await capture(cam, 'open'));
      for (let i = 1; i <= cfg.reopen; i++) {
        await sleep(500);
        phases.push(await capture(cam, `reopen ${i}`));
      }
      if (cfg.navigate) {
        // Leave the page (the browser tears the whole document's capture
        // down, as when a tab closes) and open the camera from a new one.
        sessionStorage.setItem(STORE, JSON.stringify(phases));
        step = 'navigate';
        await log('reloading the page');
        const next = new URL(location.href);
        next.searchParams.set('phase', 'after-reload');
        location.replace(next.toString());
        return;
      }
    } else {
      phases.push(await capture(cam, 'after reload'));
    }
    finish(true, '', phases);
  } catch (e) {
    finish(false, errText(e), phases);
  }
}

main();
